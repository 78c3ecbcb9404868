-- AlterTable
ALTER TABLE "User" ADD COLUMN     "autoSync" BOOLEAN NOT NULL DEFAULT true;
