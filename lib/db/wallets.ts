import "server-only";
import { prisma } from "./prisma";

export interface WalletRow {
  id: string;
  name: string;
  exchange: string | null;
  transactions: number;
}

export async function listWallets(userId: string): Promise<WalletRow[]> {
  const rows = await prisma.wallet.findMany({
    where: { userId },
    orderBy: { name: "asc" },
    select: { id: true, name: true, exchange: true, _count: { select: { transactions: true } } },
  });
  return rows.map((w) => ({ id: w.id, name: w.name, exchange: w.exchange, transactions: w._count.transactions }));
}
