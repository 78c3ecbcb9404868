import "server-only";
import { prisma } from "./prisma";
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
  ignored: boolean;
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
  sort?: "newest" | "oldest";
  includeIgnored?: boolean;
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
    ...(and.length ? { AND: and } : {}),
  };
}

export async function listTransactions(userId: string, opts: { page: number; pageSize: number; filter?: TransactionFilter }): Promise<TransactionPage> {
  const filter = opts.filter ?? {};
  const where = whereFor(userId, filter);
  const dir = filter.sort === "oldest" ? "asc" : "desc";
  const [total, rows] = await Promise.all([
    prisma.transaction.count({ where }),
    prisma.transaction.findMany({
      where,
      orderBy: [{ time: dir }, { id: dir }],
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
      ignored: r.ignored,
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
  const { count } = await prisma.transaction.updateMany({ where: { id, userId }, data: { ignored } });
  return count > 0;
}

export async function countLedger(userId: string): Promise<{ transactions: number; wallets: number; imports: number }> {
  const [transactions, wallets, imports] = await Promise.all([
    prisma.transaction.count({ where: { userId } }),
    prisma.wallet.count({ where: { userId } }),
    prisma.import.count({ where: { userId } }),
  ]);
  return { transactions, wallets, imports };
}
