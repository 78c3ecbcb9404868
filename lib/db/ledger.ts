import "server-only";
import Decimal from "decimal.js";
import { prisma } from "./prisma";
import { pgPool } from "./pg";
import type { LedgerEntry, LedgerLegsText, TxKind } from "@/lib/ledger/types";
import { ALL_ASSETS, type LedgerChanges } from "@/lib/ledger/changes";

/** Ledger rows in the engine's shape, with their row ids (same order: time, then id). */
export interface LedgerRows {
  ids: string[];
  entries: LedgerEntry[];
}

/** A Transaction row's legs and notes as node-postgres returns them (numerics as text). */
export interface LedgerTextColumns extends LedgerLegsText {
  txHash: string | null;
  /** Set when the user marked this row as one half of a transfer between their accounts. */
  transferId: string | null;
}

interface RawRow extends LedgerTextColumns {
  id: string;
  ms: number;
  walletId: string;
  externalId: string;
  kind: string;
}

const dec = (s: string | null) => (s === null ? null : new Decimal(s));

// Times as epoch milliseconds (the column has no zone and holds UTC; node-postgres would read it in
// the process's local zone), numerics as text. Ids compare byte-wise so JS can merge in the same order.
const COLUMNS = `t.id, floor(extract(epoch from t.time) * 1000)::float8 AS ms, t."walletId", t."externalId", t.kind,
  t."sentAsset", t."sentAmount"::text AS "sentAmount", t."receivedAsset", t."receivedAmount"::text AS "receivedAmount",
  t."feeAsset", t."feeAmount"::text AS "feeAmount", t."fiatValue"::text AS "fiatValue", t."fiatCurrency",
  t.label, t.description, t."txHash", t."transferId"`;
const ORDER = `ORDER BY t.time, t.id COLLATE "C"`;

/**
 * The user's ledger, in the engine's shape (each row's account is its wallet's name). Ignored rows
 * are left out. With `changes` (no ALL_ASSETS), only the rows that touch a changed asset at or
 * after its change, and rows with no asset: what an incremental recompute reloads (see `rowTouches`,
 * its twin in memory).
 */
export async function loadLedgerRows(userId: string, changes?: LedgerChanges): Promise<LedgerRows> {
  let sql = `SELECT ${COLUMNS} FROM "Transaction" t WHERE t."userId" = $1 AND NOT t.ignored ${ORDER}`;
  const params: unknown[] = [userId];
  if (changes && !changes.has(ALL_ASSETS)) {
    const times = [...changes.values()].map((d) => d.getTime());
    params.push([...changes.keys()], times, new Date(Math.min(...times, Date.now())).toISOString());
    // The time bound first, so the (userId, time) index limits the rows the asset test looks at.
    sql = `SELECT * FROM (SELECT ${COLUMNS} FROM "Transaction" t WHERE t."userId" = $1 AND NOT t.ignored AND t.time >= $4::timestamptz AT TIME ZONE 'UTC'
        AND EXISTS (SELECT 1 FROM unnest($2::text[], $3::float8[]) AS c(asset, ms)
          WHERE c.asset IN (t."sentAsset", t."receivedAsset", t."feeAsset") AND floor(extract(epoch from t.time) * 1000) >= c.ms)
      UNION ALL
      SELECT ${COLUMNS} FROM "Transaction" t WHERE t."userId" = $1 AND NOT t.ignored AND t."sentAsset" IS NULL AND t."receivedAsset" IS NULL AND t."feeAsset" IS NULL) u
      ORDER BY u.ms, u.id COLLATE "C"`;
  }
  const [wallets, res] = await Promise.all([
    prisma.wallet.findMany({ where: { userId }, select: { id: true, name: true } }),
    pgPool().query<RawRow>(sql, params),
  ]);
  const names = new Map(wallets.map((w) => [w.id, w.name]));
  const ids: string[] = new Array(res.rows.length);
  const entries: LedgerEntry[] = new Array(res.rows.length);
  res.rows.forEach((r, i) => {
    ids[i] = r.id;
    entries[i] = {
      externalId: r.externalId,
      time: new Date(r.ms),
      account: names.get(r.walletId) ?? r.walletId,
      kind: r.kind as TxKind,
      sentAsset: r.sentAsset,
      sentAmount: dec(r.sentAmount),
      receivedAsset: r.receivedAsset,
      receivedAmount: dec(r.receivedAmount),
      feeAsset: r.feeAsset,
      feeAmount: dec(r.feeAmount),
      fiatValue: dec(r.fiatValue),
      fiatCurrency: r.fiatCurrency,
      label: r.label,
      description: r.description,
      txHash: r.txHash,
      transferId: r.transferId,
    };
  });
  return { ids, entries };
}

/** The user's whole ledger, in the engine's shape. Ignored rows are left out. */
export async function loadLedgerEntries(userId: string): Promise<LedgerEntry[]> {
  return (await loadLedgerRows(userId)).entries;
}
