import "server-only";
import { prisma } from "./prisma";
import { changesOfRows, recordLedgerChange } from "./ledger-changes";
import type { Prisma } from "@/lib/generated/prisma/client";

/** A ledger row as pages see it: amounts as decimal strings, never Decimal objects (they can't cross to the client). */
export interface TransactionRow {
  id: string;
  externalId: string;
  time: string;
  kind: string;
  wallet: string;
  sentAsset: string | null;
  sentAmount: string | null;
  receivedAsset: string | null;
  receivedAmount: string | null;
  feeAsset: string | null;
  feeAmount: string | null;
  fiatValue: string | null;
  fiatCurrency: string | null;
  label: string | null;
  description: string | null;
  txHash: string | null;
  ignored: boolean;
  manual: boolean;
  /** Set when the user marked this row as one half of a transfer between their accounts. */
  transferId: string | null;
}

export interface TransactionPage {
  rows: TransactionRow[];
  total: number;
  page: number;
  pageSize: number;
}

const dec = (d: Prisma.Decimal | null) => (d === null ? null : d.toFixed());

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

function whereFor(userId: string, f: TransactionFilter): Prisma.TransactionWhereInput {
  const and: Prisma.TransactionWhereInput[] = [];
  if (f.asset) and.push({ OR: [{ sentAsset: f.asset }, { receivedAsset: f.asset }, { feeAsset: f.asset }] });
  if (f.search) {
    const contains = { contains: f.search, mode: "insensitive" as const };
    and.push({ OR: [{ description: contains }, { label: contains }, { txHash: contains }, { externalId: contains }] });
  }
  return {
    userId,
    ...(f.walletId ? { walletId: f.walletId } : {}),
    ...(f.kind ? { kind: f.kind } : {}),
    ...(f.from || f.to ? { time: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
    ...(f.includeIgnored ? {} : { ignored: false }),
    ...(f.externalIds ? { externalId: { in: f.externalIds } } : {}),
    ...(f.ids ? { id: { in: f.ids } } : {}),
    ...(and.length ? { AND: and } : {}),
  };
}

export async function listTransactions(userId: string, opts: { page: number; pageSize: number; filter?: TransactionFilter }): Promise<TransactionPage> {
  const filter = opts.filter ?? {};
  const where = whereFor(userId, filter);
  const dir = filter.sort === "oldest" ? "asc" : "desc";
  const orderBy: Prisma.TransactionOrderByWithRelationInput[] = filter.sort === "value" ? [{ fiatValue: { sort: "desc", nulls: "last" } }, { time: "desc" }, { id: "desc" }] : [{ time: dir }, { id: dir }];
  const [total, rows] = await Promise.all([
    prisma.transaction.count({ where }),
    prisma.transaction.findMany({
      where,
      orderBy,
      skip: (opts.page - 1) * opts.pageSize,
      take: opts.pageSize,
      include: { wallet: { select: { name: true } } },
    }),
  ]);
  return {
    total,
    page: opts.page,
    pageSize: opts.pageSize,
    rows: rows.map((r) => ({
      id: r.id,
      externalId: r.externalId,
      time: r.time.toISOString(),
      kind: r.kind,
      wallet: r.wallet.name,
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
      ignored: r.ignored,
      manual: r.manual,
      transferId: r.transferId,
    })),
  };
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
