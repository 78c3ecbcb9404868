import "server-only";
import { prisma } from "./prisma";

export interface TaxCacheRow {
  settingsKey: string;
  ledgerVersion: number;
  result: Uint8Array;
  checkpoints: Uint8Array | null;
  computedAt: Date;
}

export async function readTaxCache(userId: string, settingsKey: string): Promise<TaxCacheRow | null> {
  return prisma.taxResultCache.findUnique({ where: { userId_settingsKey: { userId, settingsKey } } });
}

/** Only the version: lets a process that holds the decoded result in memory skip reading the blob. */
export async function taxCacheVersion(userId: string, settingsKey: string): Promise<number | null> {
  const row = await prisma.taxResultCache.findUnique({ where: { userId_settingsKey: { userId, settingsKey } }, select: { ledgerVersion: true } });
  return row?.ledgerVersion ?? null;
}

/** The settings keys cached for a user, most recently computed first. */
export async function cachedSettingsKeys(userId: string): Promise<{ settingsKey: string; ledgerVersion: number }[]> {
  return prisma.taxResultCache.findMany({ where: { userId }, select: { settingsKey: true, ledgerVersion: true }, orderBy: { computedAt: "desc" } });
}

/**
 * Stores a result unless a newer one is already there: two recomputes racing (a page and the job,
 * or two workers) leave the one computed from the later ledger version.
 */
export async function writeTaxCache(userId: string, row: Omit<TaxCacheRow, "computedAt">): Promise<boolean> {
  const result = Buffer.from(row.result);
  const checkpoints = row.checkpoints ? Buffer.from(row.checkpoints) : null;
  const n = await prisma.$executeRaw`
    INSERT INTO "TaxResultCache" ("userId", "settingsKey", "ledgerVersion", result, checkpoints, "computedAt")
    VALUES (${userId}, ${row.settingsKey}, ${row.ledgerVersion}, ${result}, ${checkpoints}, now())
    ON CONFLICT ("userId", "settingsKey") DO UPDATE
      SET "ledgerVersion" = EXCLUDED."ledgerVersion", result = EXCLUDED.result, checkpoints = EXCLUDED.checkpoints, "computedAt" = now()
      WHERE "TaxResultCache"."ledgerVersion" < EXCLUDED."ledgerVersion"`;
  return n > 0;
}

/** Results for settings nobody has asked for in a while are dropped rather than kept up to date. */
export async function dropTaxCache(userId: string, settingsKeys: string[]): Promise<void> {
  if (settingsKeys.length > 0) await prisma.taxResultCache.deleteMany({ where: { userId, settingsKey: { in: settingsKeys } } });
}

export async function countActiveEntries(userId: string): Promise<number> {
  return prisma.transaction.count({ where: { userId, ignored: false } });
}
