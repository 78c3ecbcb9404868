import "server-only";
import { prisma } from "./prisma";
import { insertLedgerRows } from "./insert-transactions";
import { recordLedgerChange } from "./ledger-changes";
import { changeEverything } from "@/lib/ledger/changes";
import { generateDemoPortfolio, type DemoCurrency } from "@/lib/demo";

/** Manual prices of the demo carry this note, so removing the demo removes exactly them. */
const DEMO_PRICE_NOTE = "demo portfolio";

/**
 * Loads the generated demo portfolio (two exchanges and a hardware wallet, about two years up to
 * now, with a few deliberate warnings) in one transaction. Its wallets are flagged `demo`, its
 * prices noted, so it can be removed in one click without touching anything of the user's own.
 */
export async function loadDemoPortfolio(userId: string, currency: DemoCurrency, now = new Date()): Promise<{ transactions: number } | { error: "already-loaded" | "name-taken" }> {
  const demo = generateDemoPortfolio({ now, currency });
  return prisma.$transaction(
    async (tx) => {
      if ((await tx.wallet.count({ where: { userId, demo: true } })) > 0) return { error: "already-loaded" as const };
      if ((await tx.wallet.count({ where: { userId, name: { in: demo.wallets.map((w) => w.name) } } })) > 0) return { error: "name-taken" as const };
      const ids = new Map<string, string>();
      for (const w of demo.wallets) {
        const row = await tx.wallet.create({ data: { userId, name: w.name, exchange: w.exchange, demo: true }, select: { id: true } });
        ids.set(w.name, row.id);
      }
      const { inserted } = await insertLedgerRows(
        tx,
        demo.entries.map(({ wallet, entry }) => ({ userId, walletId: ids.get(wallet) as string, importId: null, entry })),
      );
      await tx.manualPrice.createMany({
        data: demo.prices.map((p) => ({ userId, asset: p.asset, currency: p.currency, time: p.time, price: p.price.toFixed(), note: DEMO_PRICE_NOTE })),
        skipDuplicates: true,
      });
      const first = demo.entries[0]?.entry.time ?? now;
      await recordLedgerChange(tx, userId, changeEverything(first));
      return { transactions: inserted };
    },
    { timeout: 120_000 },
  );
}

/** Removes every demo wallet (with its rows, including any the user added to them) and the demo's prices. */
export async function removeDemoPortfolio(userId: string): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const wallets = await tx.wallet.findMany({ where: { userId, demo: true }, select: { id: true } });
    if (wallets.length === 0) return false;
    const first = await tx.transaction.findFirst({ where: { userId, walletId: { in: wallets.map((w) => w.id) } }, orderBy: { time: "asc" }, select: { time: true } });
    await tx.wallet.deleteMany({ where: { userId, demo: true } });
    await tx.manualPrice.deleteMany({ where: { userId, note: DEMO_PRICE_NOTE } });
    await recordLedgerChange(tx, userId, changeEverything(first?.time ?? new Date(0)));
    return true;
  });
}
