import "server-only";
import { prisma } from "./prisma";
import { pgPool } from "./pg";
import type { UserSettings } from "./users";

export interface TaxCacheRow {
  settingsKey: string;
  ledgerVersion: number;
  /** The snapshot's head and the result's small fields (lib/server/snapshot-store.ts). */
  result: Uint8Array;
  /** Hashes of the TaxResultPart rows holding the result's records. */
  parts: string[];
  computedAt: Date;
}

export interface ResultPart {
  hash: string;
  data: Uint8Array;
}

// Results are megabytes: read and written through node-postgres (lib/db/pg.ts), where Prisma took
// seconds per blob each way.
export async function readTaxCache(userId: string, settingsKey: string): Promise<TaxCacheRow | null> {
  const res = await pgPool().query<TaxCacheRow>(
    `SELECT "settingsKey", "ledgerVersion", result, parts, "computedAt" AT TIME ZONE 'UTC' AS "computedAt" FROM "TaxResultCache" WHERE "userId" = $1 AND "settingsKey" = $2`,
    [userId, settingsKey],
  );
  return res.rows[0] ?? null;
}

/** The user's stored parts among `hashes` (a part another process pruned is simply absent). */
export async function readResultParts(userId: string, hashes: readonly string[]): Promise<Map<string, Uint8Array>> {
  if (hashes.length === 0) return new Map();
  const res = await pgPool().query<ResultPart>(`SELECT hash, data FROM "TaxResultPart" WHERE "userId" = $1 AND hash = ANY($2::text[])`, [userId, hashes]);
  return new Map(res.rows.map((r) => [r.hash, r.data]));
}

export interface TaxCacheState {
  settings: UserSettings;
  /** The user's ledger version now. */
  ledgerVersion: number;
  /** The version of each cached result, by settings key. */
  cached: Map<string, number>;
}

/** The columns of `"User" u LEFT JOIN "TaxResultCache" c` that make a `TaxCacheState` (one row per cached result). */
export const TAX_STATE_COLUMNS = `u.jurisdiction::text AS jurisdiction, u."baseCurrency", u."costBasisMethod"::text AS "costBasisMethod", u."timeZone", u."autoSync", u."ledgerVersion",
  c."settingsKey", c."ledgerVersion" AS "cachedVersion"`;

export interface TaxStateRow {
  jurisdiction: string;
  baseCurrency: string;
  costBasisMethod: string;
  timeZone: string;
  autoSync: boolean;
  ledgerVersion: number;
  settingsKey: string | null;
  cachedVersion: number | null;
}

/** The state from the rows `TAX_STATE_COLUMNS` selects for one user (null: no such user). */
export function taxStateFromRows(rows: readonly TaxStateRow[]): TaxCacheState | null {
  const first = rows[0];
  if (!first) return null;
  const cached = new Map<string, number>();
  for (const r of rows) if (r.settingsKey !== null && r.cachedVersion !== null) cached.set(r.settingsKey, r.cachedVersion);
  const settings = { jurisdiction: first.jurisdiction, baseCurrency: first.baseCurrency, costBasisMethod: first.costBasisMethod, timeZone: first.timeZone, autoSync: first.autoSync } as UserSettings;
  return { settings, ledgerVersion: first.ledgerVersion, cached };
}

/**
 * What a page needs to know before it reads a result, in one round trip: the user's settings (they
 * pick the settings key), the ledger version, and which results are cached at which version.
 * (Pages get it with the signed-in user instead: lib/db/account-state.ts.)
 */
export async function taxCacheState(userId: string): Promise<TaxCacheState | null> {
  const { rows } = await pgPool().query<TaxStateRow>(`SELECT ${TAX_STATE_COLUMNS} FROM "User" u LEFT JOIN "TaxResultCache" c ON c."userId" = u.id WHERE u.id = $1`, [userId]);
  return taxStateFromRows(rows);
}

/** The settings keys cached for a user, most recently computed first. */
export async function cachedSettingsKeys(userId: string): Promise<{ settingsKey: string; ledgerVersion: number }[]> {
  return prisma.taxResultCache.findMany({ where: { userId }, select: { settingsKey: true, ledgerVersion: true }, orderBy: { computedAt: "desc" } });
}

/**
 * Stores a result unless a newer one is already there: two recomputes racing (a page and the job,
 * or two workers) leave the one computed from the later ledger version. The same version may be
 * written again (a result stored in an older format is replaced). `newParts` are the parts not
 * stored yet (a part is never changed: its key is its content's hash); they land first, in the
 * same transaction as the row that names them.
 */
export async function writeTaxCache(userId: string, row: Omit<TaxCacheRow, "computedAt">, newParts: readonly ResultPart[]): Promise<boolean> {
  const client = await pgPool().connect();
  try {
    await client.query("BEGIN");
    if (newParts.length > 0) {
      await client.query(
        `INSERT INTO "TaxResultPart" ("userId", hash, data) SELECT $1, h, d FROM unnest($2::text[], $3::bytea[]) AS p(h, d) ON CONFLICT DO NOTHING`,
        [userId, newParts.map((p) => p.hash), newParts.map((p) => Buffer.from(p.data))],
      );
    }
    const res = await client.query(
      `INSERT INTO "TaxResultCache" ("userId", "settingsKey", "ledgerVersion", result, parts, "computedAt")
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT ("userId", "settingsKey") DO UPDATE
         SET "ledgerVersion" = EXCLUDED."ledgerVersion", result = EXCLUDED.result, parts = EXCLUDED.parts, "computedAt" = now()
         WHERE "TaxResultCache"."ledgerVersion" <= EXCLUDED."ledgerVersion"`,
      [userId, row.settingsKey, row.ledgerVersion, Buffer.from(row.result), row.parts],
    );
    await client.query("COMMIT");
    return (res.rowCount ?? 0) > 0;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

/**
 * Drops the user's parts no cached result names. Only parts older than `graceMs`: a writer stores
 * its new parts a moment before the row that names them (and may reuse, without writing again,
 * parts of the result it replaces, which that result still names until then).
 */
export async function pruneResultParts(userId: string, graceMs = 10 * 60_000): Promise<number> {
  const res = await pgPool().query(
    `DELETE FROM "TaxResultPart" p WHERE p."userId" = $1 AND p."createdAt" < LOCALTIMESTAMP - $2 * interval '1 millisecond'
       AND NOT EXISTS (SELECT 1 FROM "TaxResultCache" c WHERE c."userId" = $1 AND p.hash = ANY(c.parts))`,
    [userId, graceMs],
  );
  return res.rowCount ?? 0;
}

/** Results for settings nobody has asked for in a while are dropped rather than kept up to date. */
export async function dropTaxCache(userId: string, settingsKeys: string[]): Promise<void> {
  if (settingsKeys.length > 0) await prisma.taxResultCache.deleteMany({ where: { userId, settingsKey: { in: settingsKeys } } });
}

export async function countActiveEntries(userId: string): Promise<number> {
  return prisma.transaction.count({ where: { userId, ignored: false } });
}
