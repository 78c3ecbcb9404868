-- CreateTable
CREATE TABLE "FiledReport" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "taxYear" INTEGER NOT NULL,
    "jurisdiction" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "ledgerFingerprint" TEXT NOT NULL,
    "snapshot" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FiledReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FiledReport_userId_taxYear_idx" ON "FiledReport"("userId", "taxYear");

-- AddForeignKey
ALTER TABLE "FiledReport" ADD CONSTRAINT "FiledReport_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
