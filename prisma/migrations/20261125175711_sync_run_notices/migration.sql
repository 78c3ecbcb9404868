-- AlterTable
ALTER TABLE "SyncRun" ADD COLUMN     "notices" JSONB NOT NULL DEFAULT '[]';
