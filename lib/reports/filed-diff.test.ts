import { describe, expect, it } from "vitest";
import { computeTax } from "../tax/engine";
import { entry, usLedger } from "./__fixtures__/ledgers";
import { diffDisposals, snapshotDisposals } from "./filed-diff";

const snap = (ledger = usLedger()) => snapshotDisposals(computeTax(ledger, { jurisdiction: "us", year: 2025 }), 2025);

describe("snapshotDisposals", () => {
  it("gives JSON-safe snapshots with ids from the source entry, term and lots", () => {
    const s = snap();
    expect(s).toHaveLength(19);
    const one = s.find((x) => x.disposalId === "sell-btc-1");
    expect(one).toEqual({
      id: "sell-btc-1|short|buy-btc-1",
      lineKey: "sell-btc-1|short",
      disposalId: "sell-btc-1",
      taxYear: 2025,
      asset: "BTC",
      amount: "0.1",
      account: "Coinbase",
      acquiredAt: "2025-01-01T10:00:00.000Z",
      disposedAt: "2025-03-01T15:30:00.000Z",
      proceeds: "1507.55",
      costBasis: "1010.25",
      gain: "497.3",
      term: "short",
      rule: "fifo",
      lots: "buy-btc-1:0.1",
      basisMissing: false,
      priceMissing: false,
    });
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});

describe("diffDisposals", () => {
  it("nothing changed", () => {
    const d = diffDisposals(snap(), snap());
    expect([d.added.length, d.removed.length, d.changed.length, d.unchanged]).toEqual([0, 0, 0, 19]);
    expect(d.totals.delta).toEqual({ proceeds: "0", costBasis: "0", gain: "0" });
  });

  it("a sale added, one removed, one repriced", () => {
    const filed = snap();
    const ledger = usLedger()
      .filter((e) => e.externalId !== "sell-eth-5")
      .map((e) => (e.externalId === "sell-btc-2" ? { ...e, receivedAmount: e.receivedAmount?.plus(100) ?? null } : e));
    ledger.push(entry("sell-eth-6", "2025-08-01T00:00:00Z", "sell", ["1", "ETH"], ["3000", "USD"]));
    const d = diffDisposals(filed, snap(ledger));
    expect(d.added.map((x) => x.disposalId)).toEqual(["sell-eth-6"]);
    // sell-eth-6 takes the lot sell-eth-5 used: a new disposal (another source entry), not a change.
    expect(d.removed.map((x) => x.disposalId)).toEqual(["sell-eth-5"]);
    expect(d.changed.map((c) => [c.after.disposalId, c.changes.map((f) => `${f.field}: ${String(f.before)} -> ${String(f.after)}`)])).toEqual([
      ["sell-btc-2", ["proceeds: 1514.55 -> 1614.55", "gain: 494.3 -> 594.3"]],
    ]);
    expect(d.unchanged).toBe(17);
    expect(d.totals.delta).toEqual({ proceeds: "99.6", costBasis: "0", gain: "99.6" });
  });

  it("a disposal whose lots changed is paired as changed, with the lots listed", () => {
    const filed = snap();
    // An earlier, cheaper BTC buy turns up: FIFO now takes it for the first sale, and every later
    // sale moves one lot back (the last buy stays unsold).
    const ledger = [...usLedger(), entry("buy-btc-0", "2024-12-20T10:00:00Z", "buy", ["500", "USD"], ["0.1", "BTC"])];
    const d = diffDisposals(filed, snap(ledger));
    const first = d.changed.find((c) => c.after.disposalId === "sell-btc-1");
    expect(first?.changes.map((f) => f.field)).toEqual(["acquiredAt", "costBasis", "gain", "lots"]);
    expect(first?.before.id).toBe("sell-btc-1|short|buy-btc-1");
    expect(first?.after.id).toBe("sell-btc-1|short|buy-btc-0");
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.changed).toHaveLength(14);
    expect(d.totals.delta.costBasis).toBe("-640.25");
  });

  it("compares decimals by value", () => {
    const [a] = snap();
    if (!a) throw new Error("no snapshot");
    const d = diffDisposals([{ ...a, proceeds: `${a.proceeds}0` }], [a]);
    expect(d.unchanged).toBe(1);
  });
});
