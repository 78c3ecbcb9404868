import "server-only";
import { prisma } from "./prisma";
import { pgPool } from "./pg";
import { changesOfRows, recordLedgerChange } from "./ledger-changes";
import type { LedgerTextColumns } from "./ledger";

/** A ledger row as pages see it: amounts as decimal strings, never Decimal objects (they can't cross to the client). */
export interface TransactionRow extends LedgerTextColumns {
  id: string;
  externalId: string;
  time: string;
  kind: string;
  wallet: string;
  ignored: boolean;
  manual: boolean;
}

export interface TransactionPage {
  rows: TransactionRow[];
  total: number;
  page: number;
  pageSize: number;
  /** Every account of the user, by name: the rows' account names, and the page's filter menu. */
  wallets: { id: string; name: string }[];
}

export interface TransactionFilter {
  walletId?: string;
  asset?: string;
  kind?: string;
  from?: Date;
  to?: Date;
  /** Matches description, label, tx hash or the source id. */
  search?: string;
  sort?: "newest" | "oldest" | "value";
  includeIgnored?: boolean;
  /** Only these rows (source ids): the rows the engine warned about. */
  externalIds?: string[];
  ids?: string[];
}

// The transactions page is the busiest read there is (every visit, every filter and page), so it
// goes through node-postgres (lib/db/pg.ts): through Prisma its three queries cost ~5 ms of CPU per
// page, a tenth of that here. Times as epoch milliseconds (the column holds UTC without a zone),
// numerics as text with trailing zeros trimmed, as Prisma's Decimal#toFixed writes them.
const LIST_COLUMNS = `t.id, t."walletId", t."externalId", floor(extract(epoch from t.time) * 1000)::float8 AS ms, t.kind,
  t."sentAsset", trim_scale(t."sentAmount")::text AS "sentAmount", t."receivedAsset", trim_scale(t."receivedAmount")::text AS "receivedAmount",
  t."feeAsset", trim_scale(t."feeAmount")::text AS "feeAmount", trim_scale(t."fiatValue")::text AS "fiatValue", t."fiatCurrency",
  t.label, t.description, t."txHash", t.ignored, t.manual, t."transferId"`;

interface ListRow extends LedgerTextColumns {
  id: string;
  walletId: string;
  externalId: string;
  ms: number;
  kind: string;
  ignored: boolean;
  manual: boolean;
}

/** `ILIKE` matches `%` and `_` as wildcards and `\` as their escape: a search for them means the characters. */
const likeContains = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The filter as SQL over `"Transaction" t`, always scoped to the user ($1). */
function sqlWhere(userId: string, f: TransactionFilter): { where: string; params: unknown[] } {
  const params: unknown[] = [userId];
  const p = (v: unknown) => `$${params.push(v)}`;
  const and = [`t."userId" = $1`];
  if (f.walletId) and.push(`t."walletId" = ${p(f.walletId)}`);
  if (f.kind) and.push(`t.kind = ${p(f.kind)}`);
  if (f.from) and.push(`t.time >= ${p(f.from.toISOString())}::timestamptz AT TIME ZONE 'UTC'`);
  if (f.to) and.push(`t.time < ${p(f.to.toISOString())}::timestamptz AT TIME ZONE 'UTC'`);
  if (!f.includeIgnored) and.push(`NOT t.ignored`);
  if (f.externalIds) and.push(`t."externalId" = ANY(${p(f.externalIds)}::text[])`);
  if (f.ids) and.push(`t.id = ANY(${p(f.ids)}::text[])`);
  if (f.asset) {
    const a = p(f.asset);
    and.push(`(t."sentAsset" = ${a} OR t."receivedAsset" = ${a} OR t."feeAsset" = ${a})`);
  }
  if (f.search) {
    const q = p(likeContains(f.search));
    and.push(`(t.description ILIKE ${q} OR t.label ILIKE ${q} OR t."txHash" ILIKE ${q} OR t."externalId" ILIKE ${q})`);
  }
  return { where: and.join(" AND "), params };
}

/**
 * One page of the ledger, its number of rows, and the user's accounts, in one statement: a page
 * view is the busiest read there is, and under load every round trip costs CPU in this process and
 * in Postgres on the same cores. The count and the accounts are a one-row base; the page's rows
 * join it laterally (none: one row of nulls), ordered again outside by their raw sort keys.
 */
export async function listTransactions(userId: string, opts: { page: number; pageSize: number; filter?: TransactionFilter }): Promise<TransactionPage> {
  const filter = opts.filter ?? {};
  const { where, params } = sqlWhere(userId, filter);
  const dir = filter.sort === "oldest" ? "ASC" : "DESC";
  // The raw sort columns, selected as "sortTime" and "sortValue" so the outer query can order by them too.
  const keys = filter.sort === "value" ? [`"sortValue" DESC NULLS LAST`, `"sortTime" DESC`, `id DESC`] : [`"sortTime" ${dir}`, `id ${dir}`];
  const pageSize = Math.max(1, Math.floor(opts.pageSize));
  const offset = Math.max(0, Math.floor(opts.page) - 1) * pageSize;
  const { rows } = await pgPool().query<{ n: number; wallets: { id: string; name: string }[] } & ({ id: null } | ListRow)>(
    `SELECT s.n, s.wallets, p.* FROM (
       SELECT (SELECT count(*)::int FROM "Transaction" t WHERE ${where}) AS n,
              (SELECT coalesce(json_agg(json_build_object('id', w.id, 'name', w.name) ORDER BY w.name), '[]'::json) FROM "Wallet" w WHERE w."userId" = $1) AS wallets
     ) s LEFT JOIN LATERAL (
       SELECT ${LIST_COLUMNS}, t.time AS "sortTime", t."fiatValue" AS "sortValue" FROM "Transaction" t WHERE ${where} ORDER BY ${keys.join(", ")} LIMIT ${pageSize} OFFSET ${offset}
     ) p ON true
     ORDER BY ${keys.map((k) => `p.${k}`).join(", ")}`,
    params,
  );
  const wallets = rows[0]?.wallets ?? [];
  const names = new Map(wallets.map((w) => [w.id, w.name]));
  return {
    total: rows[0]?.n ?? 0,
    page: opts.page,
    pageSize: opts.pageSize,
    wallets,
    rows: rows.filter((r): r is typeof r & ListRow => r.id !== null).map((r) => ({
      id: r.id,
      externalId: r.externalId,
      time: new Date(r.ms).toISOString(),
      kind: r.kind,
      wallet: names.get(r.walletId) ?? "",
      sentAsset: r.sentAsset,
      sentAmount: r.sentAmount,
      receivedAsset: r.receivedAsset,
      receivedAmount: r.receivedAmount,
      feeAsset: r.feeAsset,
      feeAmount: r.feeAmount,
      fiatValue: r.fiatValue,
      fiatCurrency: r.fiatCurrency,
      label: r.label,
      description: r.description,
      txHash: r.txHash,
      ignored: r.ignored,
      manual: r.manual,
      transferId: r.transferId,
    })),
  };
}

/** The user's accounts for the filter menu: id and name only (no per-account row counts). */
export function walletChoices(userId: string): Promise<{ id: string; name: string }[]> {
  return prisma.wallet.findMany({ where: { userId }, orderBy: { name: "asc" }, select: { id: true, name: true } });
}

/** Assets that appear anywhere in the user's ledger, for the filter menu. */
export async function ledgerAssets(userId: string): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ asset: string }[]>`
    SELECT DISTINCT asset FROM (
      SELECT "sentAsset" AS asset FROM "Transaction" WHERE "userId" = ${userId}
      UNION SELECT "receivedAsset" FROM "Transaction" WHERE "userId" = ${userId}
      UNION SELECT "feeAsset" FROM "Transaction" WHERE "userId" = ${userId}
    ) a WHERE asset IS NOT NULL ORDER BY asset`;
  return rows.map((r) => r.asset);
}

/** Leaves a row out of every computation (or brings it back). False when it is not this user's. */
export async function setTransactionIgnored(userId: string, id: string, ignored: boolean): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.transaction.updateMany({ where: { id, userId, ignored: !ignored }, data: { ignored } });
    if (count > 0) await recordLedgerChange(tx, userId, await changesOfRows(tx, userId, { ids: [id] }));
    const exists = count > 0 || (await tx.transaction.count({ where: { id, userId } })) > 0;
    return exists;
  });
}

export async function countLedger(userId: string): Promise<{ transactions: number; wallets: number; imports: number }> {
  const [transactions, wallets, imports] = await Promise.all([
    prisma.transaction.count({ where: { userId } }),
    prisma.wallet.count({ where: { userId } }),
    prisma.import.count({ where: { userId } }),
  ]);
  return { transactions, wallets, imports };
}

export interface TransferCandidate {
  id: string;
  wallet: string;
  time: string;
  asset: string;
  amount: string;
  transferId: string | null;
}

/**
 * Rows that could be the other half of a transfer: for a withdrawal, deposits of the same asset
 * into another account from a day before to 30 days after; for a deposit, the mirror image.
 */
export async function transferCandidates(userId: string, id: string): Promise<{ row: TransactionRow; candidates: TransferCandidate[] } | null> {
  const row = await prisma.transaction.findFirst({ where: { id, userId }, include: { wallet: { select: { name: true } } } });
  if (!row || (row.kind !== "withdrawal" && row.kind !== "deposit")) return null;
  const outgoing = row.kind === "withdrawal";
  const asset = outgoing ? row.sentAsset : row.receivedAsset;
  if (!asset) return null;
  const day = 86_400_000;
  const from = new Date(row.time.getTime() - (outgoing ? day : 30 * day));
  const to = new Date(row.time.getTime() + (outgoing ? 30 * day : day));
  const rows = await prisma.transaction.findMany({
    where: { userId, ignored: false, walletId: { not: row.walletId }, kind: outgoing ? "deposit" : "withdrawal", ...(outgoing ? { receivedAsset: asset } : { sentAsset: asset }), time: { gte: from, lte: to } },
    orderBy: { time: "asc" },
    take: 50,
    include: { wallet: { select: { name: true } } },
  });
  const [self] = (await listTransactions(userId, { page: 1, pageSize: 1, filter: { includeIgnored: true, ids: [row.id] } })).rows;
  if (!self) return null;
  return {
    row: self,
    candidates: rows
      .map((r) => ({ id: r.id, wallet: r.wallet.name, time: r.time.toISOString(), asset, amount: (outgoing ? r.receivedAmount : r.sentAmount)?.toFixed() ?? "0", transferId: r.transferId }))
      .sort((a, b) => Math.abs(Date.parse(a.time) - row.time.getTime()) - Math.abs(Date.parse(b.time) - row.time.getTime())),
  };
}
