-- Result records move to content-addressed parts; engine checkpoints stay in the worker's memory.
ALTER TABLE "TaxResultCache" DROP COLUMN "checkpoints",
ADD COLUMN     "parts" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "TaxResultPart" (
    "userId" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TaxResultPart_pkey" PRIMARY KEY ("userId","hash")
);

-- AddForeignKey
ALTER TABLE "TaxResultPart" ADD CONSTRAINT "TaxResultPart_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
