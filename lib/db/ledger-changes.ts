import "server-only";
import { prisma } from "./prisma";
import { Prisma as P } from "@/lib/generated/prisma/client";
import { noteChange, type LedgerChanges } from "@/lib/ledger/changes";

type Db = P.TransactionClient | typeof prisma;

/**
 * Records a ledger change under a new ledger version, in the caller's transaction when given one,
 * so the rows and the record of what changed commit together. The User row update also
 * serialises concurrent changes of one user. Returns the new version.
 */
export async function recordLedgerChange(db: Db, userId: string, changes: LedgerChanges): Promise<number> {
  const { ledgerVersion } = await db.user.update({ where: { id: userId }, data: { ledgerVersion: { increment: 1 } }, select: { ledgerVersion: true } });
  if (changes.size > 0) {
    await db.ledgerChange.createMany({ data: [...changes].map(([asset, earliest]) => ({ userId, version: ledgerVersion, asset, earliest })), skipDuplicates: true });
  }
  return ledgerVersion;
}

export async function currentLedgerVersion(userId: string): Promise<number> {
  const u = await prisma.user.findUnique({ where: { id: userId }, select: { ledgerVersion: true } });
  return u?.ledgerVersion ?? 0;
}

/** The change records after `afterVersion` up to `upToVersion` (inclusive). */
export async function changesBetween(userId: string, afterVersion: number, upToVersion: number): Promise<{ asset: string; earliest: Date }[]> {
  return prisma.ledgerChange.findMany({ where: { userId, version: { gt: afterVersion, lte: upToVersion } }, select: { asset: true, earliest: true } });
}

/** Drops change records every cached result has already absorbed. */
export async function pruneLedgerChanges(userId: string): Promise<void> {
  const oldest = await prisma.taxResultCache.aggregate({ where: { userId }, _min: { ledgerVersion: true } });
  const upTo = oldest._min.ledgerVersion;
  if (upTo === null) {
    await prisma.ledgerChange.deleteMany({ where: { userId } });
    return;
  }
  await prisma.ledgerChange.deleteMany({ where: { userId, version: { lte: upTo } } });
}

/**
 * What removing or editing the matching rows changes: per asset, the earliest time among them. Read
 * before the rows go, in the same transaction. `where` selects this user's rows (an import, a
 * wallet, a list of ids).
 */
export async function changesOfRows(db: Db, userId: string, where: { importId?: string; walletId?: string; ids?: string[]; transferIds?: string[] }): Promise<LedgerChanges> {
  const conds: P.Sql[] = [P.sql`"userId" = ${userId}`];
  if (where.importId) conds.push(P.sql`"importId" = ${where.importId}`);
  if (where.walletId) conds.push(P.sql`"walletId" = ${where.walletId}`);
  if (where.ids) conds.push(where.ids.length ? P.sql`id IN (${P.join(where.ids)})` : P.sql`false`);
  if (where.transferIds) conds.push(where.transferIds.length ? P.sql`"transferId" IN (${P.join(where.transferIds)})` : P.sql`false`);
  const filter = P.join(conds, " AND ");
  const rows = await db.$queryRaw<{ asset: string; earliest: Date }[]>`
    SELECT asset, min(time) AS earliest FROM (
      SELECT "sentAsset" AS asset, time FROM "Transaction" WHERE ${filter}
      UNION ALL SELECT "receivedAsset", time FROM "Transaction" WHERE ${filter}
      UNION ALL SELECT "feeAsset", time FROM "Transaction" WHERE ${filter}
    ) a WHERE asset IS NOT NULL GROUP BY asset`;
  const out: LedgerChanges = new Map();
  for (const r of rows) noteChange(out, r.asset, r.earliest);
  return out;
}
