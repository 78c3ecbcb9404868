import "server-only";
import { prisma } from "./prisma";
import { pgPool } from "./pg";
import type { UserSettings } from "./users";

export interface TaxCacheRow {
  settingsKey: string;
  ledgerVersion: number;
  result: Uint8Array;
  checkpoints: Uint8Array | null;
  computedAt: Date;
}

// Result blobs are megabytes: read and written through node-postgres (lib/db/pg.ts), where Prisma
// took seconds per blob each way.
export async function readTaxCache(userId: string, settingsKey: string): Promise<TaxCacheRow | null> {
  const res = await pgPool().query<TaxCacheRow>(
    `SELECT "settingsKey", "ledgerVersion", result, checkpoints, "computedAt" AT TIME ZONE 'UTC' AS "computedAt" FROM "TaxResultCache" WHERE "userId" = $1 AND "settingsKey" = $2`,
    [userId, settingsKey],
  );
  return res.rows[0] ?? null;
}

export interface TaxCacheState {
  settings: UserSettings;
  /** The user's ledger version now. */
  ledgerVersion: number;
  /** The version of each cached result, by settings key. */
  cached: Map<string, number>;
}

/**
 * What a page needs to know before it reads a result, in one round trip: the user's settings (they
 * pick the settings key), the ledger version, and which results are cached at which version.
 */
export async function taxCacheState(userId: string): Promise<TaxCacheState | null> {
  const rows = await prisma.$queryRaw<{ jurisdiction: string; baseCurrency: string; costBasisMethod: string; timeZone: string; autoSync: boolean; ledgerVersion: number; settingsKey: string | null; cachedVersion: number | null }[]>`
    SELECT u.jurisdiction::text AS jurisdiction, u."baseCurrency", u."costBasisMethod"::text AS "costBasisMethod", u."timeZone", u."autoSync", u."ledgerVersion",
           c."settingsKey", c."ledgerVersion" AS "cachedVersion"
    FROM "User" u LEFT JOIN "TaxResultCache" c ON c."userId" = u.id
    WHERE u.id = ${userId}`;
  const first = rows[0];
  if (!first) return null;
  const cached = new Map<string, number>();
  for (const r of rows) if (r.settingsKey !== null && r.cachedVersion !== null) cached.set(r.settingsKey, r.cachedVersion);
  const settings = { jurisdiction: first.jurisdiction, baseCurrency: first.baseCurrency, costBasisMethod: first.costBasisMethod, timeZone: first.timeZone, autoSync: first.autoSync } as UserSettings;
  return { settings, ledgerVersion: first.ledgerVersion, cached };
}

/** The settings keys cached for a user, most recently computed first. */
export async function cachedSettingsKeys(userId: string): Promise<{ settingsKey: string; ledgerVersion: number }[]> {
  return prisma.taxResultCache.findMany({ where: { userId }, select: { settingsKey: true, ledgerVersion: true }, orderBy: { computedAt: "desc" } });
}

/**
 * Stores a result unless a newer one is already there: two recomputes racing (a page and the job,
 * or two workers) leave the one computed from the later ledger version. The same version may be
 * written again (a result stored in an older format is replaced).
 */
export async function writeTaxCache(userId: string, row: Omit<TaxCacheRow, "computedAt">): Promise<boolean> {
  const res = await pgPool().query(
    `INSERT INTO "TaxResultCache" ("userId", "settingsKey", "ledgerVersion", result, checkpoints, "computedAt")
     VALUES ($1, $2, $3, $4, $5, now())
     ON CONFLICT ("userId", "settingsKey") DO UPDATE
       SET "ledgerVersion" = EXCLUDED."ledgerVersion", result = EXCLUDED.result, checkpoints = EXCLUDED.checkpoints, "computedAt" = now()
       WHERE "TaxResultCache"."ledgerVersion" <= EXCLUDED."ledgerVersion"`,
    [userId, row.settingsKey, row.ledgerVersion, Buffer.from(row.result), row.checkpoints ? Buffer.from(row.checkpoints) : null],
  );
  return (res.rowCount ?? 0) > 0;
}

/** Results for settings nobody has asked for in a while are dropped rather than kept up to date. */
export async function dropTaxCache(userId: string, settingsKeys: string[]): Promise<void> {
  if (settingsKeys.length > 0) await prisma.taxResultCache.deleteMany({ where: { userId, settingsKey: { in: settingsKeys } } });
}

export async function countActiveEntries(userId: string): Promise<number> {
  return prisma.transaction.count({ where: { userId, ignored: false } });
}
