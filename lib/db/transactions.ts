import "server-only";
import { prisma } from "./prisma";
import type { Prisma } from "@/lib/generated/prisma/client";

/** A ledger row as pages see it: amounts as decimal strings, never Decimal objects (they can't cross to the client). */
export interface TransactionRow {
  id: string;
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
}

export interface TransactionPage {
  rows: TransactionRow[];
  total: number;
  page: number;
  pageSize: number;
}

const dec = (d: Prisma.Decimal | null) => (d === null ? null : d.toFixed());

export async function listTransactions(userId: string, opts: { page: number; pageSize: number }): Promise<TransactionPage> {
  const where = { userId };
  const [total, rows] = await Promise.all([
    prisma.transaction.count({ where }),
    prisma.transaction.findMany({
      where,
      orderBy: [{ time: "desc" }, { id: "asc" }],
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
    })),
  };
}

export async function countLedger(userId: string): Promise<{ transactions: number; wallets: number; imports: number }> {
  const [transactions, wallets, imports] = await Promise.all([
    prisma.transaction.count({ where: { userId } }),
    prisma.wallet.count({ where: { userId } }),
    prisma.import.count({ where: { userId } }),
  ]);
  return { transactions, wallets, imports };
}
