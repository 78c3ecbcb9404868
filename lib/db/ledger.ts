import "server-only";
import Decimal from "decimal.js";
import { prisma } from "./prisma";
import type { LedgerEntry, TxKind } from "@/lib/ledger/types";
import type { Prisma } from "@/lib/generated/prisma/client";

const dec = (d: Prisma.Decimal | null) => (d === null ? null : new Decimal(d.toFixed()));

/** The user's whole ledger, in the engine's shape (each row's account is its wallet's name). Ignored rows are left out. */
export async function loadLedgerEntries(userId: string): Promise<LedgerEntry[]> {
  const [wallets, rows] = await Promise.all([
    prisma.wallet.findMany({ where: { userId }, select: { id: true, name: true } }),
    prisma.transaction.findMany({ where: { userId, ignored: false }, orderBy: [{ time: "asc" }, { id: "asc" }] }),
  ]);
  const names = new Map(wallets.map((w) => [w.id, w.name]));
  return rows.map((r) => ({
    externalId: r.externalId,
    time: r.time,
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
  }));
}
