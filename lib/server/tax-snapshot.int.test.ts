/**
 * The result cache on a real Postgres: every ledger edit makes the cached result stale; a page on a
 * small ledger recomputes inline, on a large one it gets the stale result and asks the job; the
 * job brings every cached settings key up to date; marking a transfer changes the figures.
 */
import Decimal from "decimal.js";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { createUserWithPassword } from "@/lib/db/users";
import { commitImport } from "@/lib/db/imports";
import { currentLedgerVersion } from "@/lib/db/ledger-changes";
import { addTransferDestination, markTransfer, updateTransactionNotes } from "@/lib/db/ledger-edits";
import { setTransactionIgnored } from "@/lib/db/transactions";
import { ledgerEntry } from "@/lib/ledger/types";
import { getTaxSnapshot } from "./tax-snapshot";
import { recomputeForUser } from "@/lib/jobs/recompute";

const d = (s: string) => new Decimal(s);

async function userWithLedger() {
  const u = await createUserWithPassword({ email: `snap-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`, name: null, passwordHash: "x" });
  if (u === "email-taken") throw new Error("unexpected");
  // Bought 1 BTC for 10,000 on Gemini, sent it to Bybit (no hash, arrives 7 days later), sold 0.5 there for 20,000.
  await commitImport(u.id, {
    walletName: "Gemini",
    exchange: null,
    fileName: "g.csv",
    format: "universal",
    rowsRead: 2,
    skippedRows: 0,
    entries: [
      ledgerEntry({ externalId: "buy", time: new Date("2024-01-03T00:00:00Z"), account: "Gemini", kind: "buy", sentAsset: "USD", sentAmount: d("10000"), receivedAsset: "BTC", receivedAmount: d("1") }),
      ledgerEntry({ externalId: "out", time: new Date("2024-02-11T00:00:00Z"), account: "Gemini", kind: "withdrawal", sentAsset: "BTC", sentAmount: d("1") }),
    ],
  });
  await commitImport(u.id, {
    walletName: "Bybit",
    exchange: null,
    fileName: "b.csv",
    format: "universal",
    rowsRead: 2,
    skippedRows: 0,
    entries: [
      ledgerEntry({ externalId: "in", time: new Date("2024-02-18T00:00:00Z"), account: "Bybit", kind: "deposit", receivedAsset: "BTC", receivedAmount: d("1") }),
      ledgerEntry({ externalId: "sell", time: new Date("2024-03-01T00:00:00Z"), account: "Bybit", kind: "sell", sentAsset: "BTC", sentAmount: d("0.5"), receivedAsset: "USD", receivedAmount: d("20000") }),
    ],
  });
  return u;
}

const ids = async (userId: string) => Object.fromEntries((await prisma.transaction.findMany({ where: { userId }, select: { id: true, externalId: true } })).map((r) => [r.externalId, r.id]));

afterEach(() => {
  delete process.env.LOTWISE_INLINE_RECOMPUTE_ROWS;
});
afterAll(async () => {
  await prisma.$disconnect();
});

describe("tax result cache", () => {
  it("a small ledger is computed inline, cached, and recomputed after each edit", async () => {
    const u = await userWithLedger();
    const first = await getTaxSnapshot(u.id);
    expect(first.status).toBe("fresh");
    if (first.status === "computing") return;
    expect(first.snapshot.result.warnings.map((w) => w.code).sort()).toEqual(["missing-cost-basis", "unmatched-deposit", "unmatched-withdrawal"]);
    // Zero basis on the unmatched deposit: the whole 20,000 is gain.
    expect(first.snapshot.result.totals.gain.toFixed()).toBe("20000");

    const again = await getTaxSnapshot(u.id);
    expect(again.status === "fresh" && again.snapshot.ledgerVersion).toBe(first.snapshot.ledgerVersion);

    const row = await ids(u.id);
    const v0 = await currentLedgerVersion(u.id);
    expect(await markTransfer(u.id, row.out!, row.in!)).toMatchObject({ ok: true });
    expect(await currentLedgerVersion(u.id)).toBe(v0 + 1);
    const after = await getTaxSnapshot(u.id);
    if (after.status === "computing") throw new Error("unexpected");
    expect(after.status).toBe("fresh");
    expect(after.snapshot.ledgerVersion).toBe(v0 + 1);
    expect(after.snapshot.result.warnings).toEqual([]);
    // Basis carried across: 20,000 - 5,000.
    expect(after.snapshot.result.totals.gain.toFixed()).toBe("15000");
  });

  it("a large ledger gets the stale result and a recompute request; the job brings every cached key up to date", async () => {
    const u = await userWithLedger();
    expect((await getTaxSnapshot(u.id)).status).toBe("fresh");
    expect((await getTaxSnapshot(u.id, { method: "hifo" })).status).toBe("fresh");
    process.env.LOTWISE_INLINE_RECOMPUTE_ROWS = "0";
    const row = await ids(u.id);
    await setTransactionIgnored(u.id, row.sell!, true);
    const request = vi.fn(async () => {});
    const stale = await getTaxSnapshot(u.id, {}, { requestRecompute: request });
    expect(stale.status).toBe("stale");
    expect(request).toHaveBeenCalledWith(u.id);
    if (stale.status === "computing") return;
    expect(stale.snapshot.result.totals.gain.toFixed()).toBe("20000");

    expect(await recomputeForUser(u.id)).toEqual({ recomputed: 2 });
    for (const overrides of [{}, { method: "hifo" as const }]) {
      const fresh = await getTaxSnapshot(u.id, overrides, { requestRecompute: request });
      expect(fresh.status).toBe("fresh");
      if (fresh.status !== "computing") expect(fresh.snapshot.result.disposals).toEqual([]);
    }
    // Every change record is absorbed by both cached results, so none is kept.
    expect(await prisma.ledgerChange.count({ where: { userId: u.id } })).toBe(0);
  });

  it("with no cached result and a large ledger the page is told it is computing", async () => {
    const u = await userWithLedger();
    process.env.LOTWISE_INLINE_RECOMPUTE_ROWS = "0";
    const request = vi.fn(async () => {});
    expect(await getTaxSnapshot(u.id, {}, { requestRecompute: request })).toEqual({ status: "computing" });
    expect(request).toHaveBeenCalledTimes(1);
    expect((await getTaxSnapshot(u.id, {}, { mode: "fresh" })).status).toBe("fresh");
  });

  it("a label edit and a transfer to a new wallet each record a change and change the figures", async () => {
    const u = await userWithLedger();
    const row = await ids(u.id);
    const v0 = await currentLedgerVersion(u.id);
    expect(await updateTransactionNotes(u.id, row.in!, { label: "airdrop", description: "not a deposit after all" })).toBe(true);
    expect(await currentLedgerVersion(u.id)).toBe(v0 + 1);
    const labelled = await getTaxSnapshot(u.id);
    if (labelled.status === "computing") throw new Error("unexpected");
    const dest = await addTransferDestination(u.id, row.out!, "Ledger Nano");
    expect(dest.ok).toBe(true);
    const wallet = await prisma.wallet.findFirstOrThrow({ where: { userId: u.id, name: "Ledger Nano" } });
    const deposit = await prisma.transaction.findFirstOrThrow({ where: { userId: u.id, walletId: wallet.id } });
    expect(deposit).toMatchObject({ kind: "deposit", receivedAsset: "BTC", manual: true });
    expect(deposit.receivedAmount?.toFixed()).toBe("1");
    const after = await getTaxSnapshot(u.id);
    if (after.status === "computing") throw new Error("unexpected");
    expect(after.snapshot.result.warnings.map((w) => w.code)).not.toContain("unmatched-withdrawal");
    expect(after.snapshot.result.balances.map((b) => `${b.account}:${b.asset}:${b.amount.toFixed()}`)).toContain("Ledger Nano:BTC:1");
  });
});
