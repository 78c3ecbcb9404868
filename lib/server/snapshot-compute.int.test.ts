/**
 * Incremental recompute on a real Postgres (issue #8): after each kind of ledger edit, the result a
 * recompute brings (reloading only the changed rows, replaying only the changed assets from their
 * checkpoints) equals a computation from scratch, field for field: the engine's result, the market
 * valuation, the value series and the asset list.
 */
import Decimal from "decimal.js";
import { afterAll, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { createUserWithPassword } from "@/lib/db/users";
import { commitImport, deleteImport } from "@/lib/db/imports";
import { loadDemoPortfolio } from "@/lib/db/demo";
import { addTransferDestination, createManualTransaction, deleteManualTransaction, markTransfer, unmarkTransfer, updateTransactionNotes } from "@/lib/db/ledger-edits";
import { setTransactionIgnored } from "@/lib/db/transactions";
import { setManualPrice } from "@/lib/db/manual-prices";
import { ledgerEntry } from "@/lib/ledger/types";
import { log } from "@/lib/log";
import { loadLedgerRows } from "@/lib/db/ledger";
import { computeSnapshot, computeSnapshotFromScratch, heldLedgerRows } from "./snapshot-compute";
import { decodeSnapshot, settingsKeyOf, type CacheableSettings, type TaxSnapshot } from "./snapshot-store";
import { pruneResultParts, readTaxCache } from "@/lib/db/tax-cache";

const d = (s: string) => new Decimal(s);
// The settings key says what the settings were (a stored snapshot rebuilds them from it, keys sorted).
const comparable = (s: TaxSnapshot) => JSON.stringify({ ...s, settings: null, computedAt: null });

afterAll(async () => {
  await prisma.$disconnect();
});

describe("incremental recompute", () => {
  it("equals a computation from scratch after every kind of edit, for US FIFO, US HIFO and the UK", { timeout: 240_000 }, async () => {
    const u = await createUserWithPassword({ email: `incr-${Date.now()}@example.test`, name: null, passwordHash: "x" });
    if (u === "email-taken") throw new Error("unexpected");
    const now = new Date(Date.UTC(2026, 5, 15, 12));
    expect(await loadDemoPortfolio(u.id, "USD", now)).toMatchObject({ transactions: expect.any(Number) });
    const settingsList: CacheableSettings[] = [
      { jurisdiction: "us", method: "fifo", currency: "USD", timeZone: "UTC" },
      { jurisdiction: "us", method: "hifo", currency: "USD", timeZone: "UTC" },
      { jurisdiction: "uk", currency: "USD" },
    ];
    const plans: string[] = [];
    const debug = vi.spyOn(log, "debug").mockImplementation(((obj: { plan?: string }) => {
      if (obj && typeof obj === "object" && typeof obj.plan === "string") plans.push(obj.plan);
    }) as typeof log.debug);

    const check = async (step: string) => {
      for (const settings of settingsList) {
        plans.length = 0;
        const incremental = await computeSnapshot(u.id, settings);
        expect(plans, step).toHaveLength(1);
        const scratch = await computeSnapshotFromScratch(u.id, settings);
        expect(comparable(incremental), `${step} (${settings.jurisdiction} ${settings.method ?? ""})`).toBe(comparable(scratch));
        // What another process reads back from Postgres (row and parts, some decoded earlier) is the same.
        expect(await pruneResultParts(u.id, 0)).toBeGreaterThanOrEqual(0);
        const row = await readTaxCache(u.id, settingsKeyOf(settings));
        const stored = row && (await decodeSnapshot(u.id, settingsKeyOf(settings), row));
        expect(stored && comparable(stored), `${step}: stored`).toBe(comparable(incremental));
        // The ledger held in memory for the next recompute is the ledger as stored, row for row.
        expect(JSON.stringify(heldLedgerRows(u.id, settingsKeyOf(settings))), step).toBe(JSON.stringify(await loadLedgerRows(u.id)));
      }
      return plans[0];
    };
    // The first computation is a full one and keeps its state.
    await check("demo loaded");

    const rows = await prisma.transaction.findMany({ where: { userId: u.id }, orderBy: { time: "asc" }, select: { id: true, kind: true, time: true, walletId: true, sentAsset: true, receivedAsset: true, txHash: true } });
    const wallets = await prisma.wallet.findMany({ where: { userId: u.id }, select: { id: true, name: true } });
    const walletName = (id: string) => wallets.find((w) => w.id === id)?.name as string;

    // A new import in the middle of the history and at its end.
    const mid = rows[Math.floor(rows.length / 2)]!.time;
    const imported = await commitImport(u.id, {
      walletName: "Bitstamp",
      exchange: null,
      fileName: "bitstamp.csv",
      format: "universal",
      rowsRead: 3,
      skippedRows: 0,
      entries: [
        ledgerEntry({ externalId: "b1", time: mid, account: "Bitstamp", kind: "buy", sentAsset: "USD", sentAmount: d("1500"), receivedAsset: "ETH", receivedAmount: d("0.75"), feeAsset: "USD", feeAmount: d("2.5") }),
        ledgerEntry({ externalId: "b2", time: new Date(mid.getTime() + 86_400_000), account: "Bitstamp", kind: "trade", sentAsset: "ETH", sentAmount: d("0.25"), receivedAsset: "BTC", receivedAmount: d("0.01") }),
        ledgerEntry({ externalId: "b3", time: new Date(now.getTime() - 3 * 86_400_000), account: "Bitstamp", kind: "sell", sentAsset: "ETH", sentAmount: d("0.5"), receivedAsset: "USD", receivedAmount: d("1800") }),
      ],
    });
    expect(await check("import")).toMatch(/^changes to/);

    // Ignoring a row, then taking it back.
    const sell = rows.find((r) => r.kind === "sell")!;
    await setTransactionIgnored(u.id, sell.id, true);
    expect(await check("ignore")).toMatch(/^changes to/);
    await setTransactionIgnored(u.id, sell.id, false);
    await check("unignore");

    // A label that turns a deposit into income.
    const deposit = rows.find((r) => r.kind === "deposit")!;
    await updateTransactionNotes(u.id, deposit.id, { label: "staking", description: "reward, not a transfer" });
    await check("label");

    // Pairing a withdrawal with a deposit by hand, re-pairing it (the old partner is unmarked), undoing it.
    const withdrawals = rows.filter((r) => r.kind === "withdrawal");
    const deposits = rows.filter((r) => r.kind === "deposit" && r.id !== deposit.id);
    // A deposit two withdrawals could be paired with: pair the earlier, then the later (which unmarks the earlier).
    const senders = (x: (typeof rows)[number]) => withdrawals.filter((w) => w.sentAsset === x.receivedAsset && w.walletId !== x.walletId && w.time.getTime() <= x.time.getTime() + 86_400_000);
    const d1 = deposits.find((x) => senders(x).length >= 2)!;
    expect(d1, "the demo has a deposit two withdrawals could be paired with").toBeDefined();
    const [w1, w2] = senders(d1) as [(typeof rows)[number], (typeof rows)[number]];
    expect(await markTransfer(u.id, w1.id, d1.id)).toMatchObject({ ok: true });
    await check("mark transfer");
    expect(await markTransfer(u.id, w2!.id, d1.id)).toMatchObject({ ok: true });
    await check("re-pair transfer");
    await unmarkTransfer(u.id, d1.id);
    await check("unmark transfer");
    const lone = withdrawals[withdrawals.length - 1]!;
    expect(await addTransferDestination(u.id, lone.id, walletName(lone.walletId) === "Cold storage" ? "Vault" : "Cold storage")).toMatchObject({ ok: true });
    await check("transfer destination");

    // A transaction entered by hand early in the history, then deleted.
    const manual = await createManualTransaction(u.id, { walletName: "Cash", time: new Date(rows[3]!.time.getTime() + 60_000), kind: "buy", sentAsset: "USD", sentAmount: "250", receivedAsset: "SOL", receivedAmount: "10", feeAsset: null, feeAmount: null, fiatValue: null, fiatCurrency: null, label: null, description: "bought at a meetup" });
    await check("manual transaction");
    expect(await deleteManualTransaction(u.id, manual.id)).toBe(true);
    await check("manual transaction deleted");

    // Undoing the import.
    expect(await deleteImport(u.id, imported.importId)).toBe(true);
    expect(await check("import deleted")).toMatch(/^changes to/);

    // A manual price changes prices for every asset: everything is loaded again.
    const trade = rows.find((r) => r.kind === "trade" && r.sentAsset && r.sentAsset !== "USD")!;
    const price = await setManualPrice(u.id, { transaction: { id: trade.id }, asset: trade.sentAsset!, currency: "USD", price: "12345" });
    expect(price).toMatchObject({ ok: true });
    expect(await check("manual price")).not.toMatch(/^changes to/);
    await check("after a full one, incremental again");
    debug.mockRestore();
  });
});
