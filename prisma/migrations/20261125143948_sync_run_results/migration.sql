-- AlterTable
ALTER TABLE "SyncRun" ADD COLUMN     "balanceDiffs" JSONB,
ADD COLUMN     "trigger" TEXT NOT NULL DEFAULT 'manual';
