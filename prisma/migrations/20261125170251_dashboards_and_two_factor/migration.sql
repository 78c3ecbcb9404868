-- AlterTable
ALTER TABLE "Transaction" ADD COLUMN     "editedAt" TIMESTAMP(3),
ADD COLUMN     "manual" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "transferId" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "ledgerVersion" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "totpEnabledAt" TIMESTAMP(3),
ADD COLUMN     "totpSecretSealed" TEXT;

-- AlterTable
ALTER TABLE "Wallet" ADD COLUMN     "demo" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "RecoveryCode" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecoveryCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TaxResultCache" (
    "userId" TEXT NOT NULL,
    "settingsKey" TEXT NOT NULL,
    "ledgerVersion" INTEGER NOT NULL,
    "result" BYTEA NOT NULL,
    "checkpoints" BYTEA,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TaxResultCache_pkey" PRIMARY KEY ("userId","settingsKey")
);

-- CreateTable
CREATE TABLE "LedgerChange" (
    "userId" TEXT NOT NULL,
    "asset" TEXT NOT NULL,
    "earliest" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LedgerChange_pkey" PRIMARY KEY ("userId","asset")
);

-- CreateIndex
CREATE INDEX "RecoveryCode_userId_idx" ON "RecoveryCode"("userId");

-- AddForeignKey
ALTER TABLE "RecoveryCode" ADD CONSTRAINT "RecoveryCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaxResultCache" ADD CONSTRAINT "TaxResultCache_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerChange" ADD CONSTRAINT "LedgerChange_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
