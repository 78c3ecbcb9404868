/*
  Warnings:

  - The primary key for the `LedgerChange` table will be changed. If it partially fails, the table could be left without primary key constraint.
  - Added the required column `version` to the `LedgerChange` table without a default value. This is not possible if the table is not empty.

*/
-- AlterTable
ALTER TABLE "LedgerChange" DROP CONSTRAINT "LedgerChange_pkey",
ADD COLUMN     "version" INTEGER NOT NULL,
ADD CONSTRAINT "LedgerChange_pkey" PRIMARY KEY ("userId", "version", "asset");
