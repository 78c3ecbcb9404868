import { describe, expect, it } from "vitest";
import { parseCursor } from "./fetch-history";
import { pairLegs } from "./legs";
import type { Leg } from "./types";

const ctx = { exchangeId: "kraken" as const, account: "Kraken" };
const leg = (p: Partial<Leg> & Pick<Leg, "id" | "asset" | "amount">): Leg => ({ key: "R1", time: 1_700_000_000_000, label: "Kraken spend/receive", ...p });
const row = (e: ReturnType<typeof pairLegs>["entries"][number]) => ({
  externalId: e.externalId,
  kind: e.kind,
  sent: e.sentAmount && `${e.sentAmount.toFixed()} ${e.sentAsset}`,
  received: e.receivedAmount && `${e.receivedAmount.toFixed()} ${e.receivedAsset}`,
  fee: e.feeAmount && `${e.feeAmount.toFixed()} ${e.feeAsset}`,
  fiat: e.fiatValue && `${e.fiatValue.toFixed()} ${e.fiatCurrency}`,
  time: e.time.getTime(),
});

describe("pairLegs", () => {
  it("holds a lone leg, and stores the pair as one row when the other side arrives later", () => {
    const first = pairLegs([], [leg({ id: "L1", asset: "USD", amount: "-100.0000" })], ctx);
    expect(first.entries).toEqual([]);
    expect(first.held.map((l) => l.id)).toEqual(["L1"]);
    const second = pairLegs(first.held, [leg({ id: "L2", asset: "BTC", amount: "0.0030000000", fee: { asset: "BTC", amount: "0.0000030000" }, time: 1_700_000_000_900 })], ctx);
    expect(second.held).toEqual([]);
    expect(second.entries.map(row)).toEqual([
      { externalId: "kraken:convert:R1", kind: "buy", sent: "100 USD", received: "0.003 BTC", fee: "0.000003 BTC", fiat: "100 USD", time: 1_700_000_000_000 },
    ]);
  });

  it.each([
    { name: "crypto → crypto is a trade", out: ["ETH", "-0.5"], into: ["SOL", "10"], kind: "trade", fiat: null },
    { name: "crypto → fiat is a sell", out: ["ETH", "-0.5"], into: ["EUR", "1000.5"], kind: "sell", fiat: "1000.5 EUR" },
  ])("$name", ({ out, into, kind, fiat }) => {
    const { entries } = pairLegs([], [leg({ id: "a", asset: out[0] as string, amount: out[1] as string }), leg({ id: "b", asset: into[0] as string, amount: into[1] as string })], ctx);
    expect(entries.map((e) => [e.kind, row(e).fiat])).toEqual([[kind, fiat]]);
  });

  it("holds a leg seen twice once", () => {
    const l = leg({ id: "L1", asset: "USD", amount: "-5" });
    expect(pairLegs([l], [l, { ...l }], ctx).held).toHaveLength(1);
  });

  it("keeps pairs apart by key", () => {
    const { entries, held } = pairLegs(
      [],
      [leg({ id: "1", key: "A", asset: "USD", amount: "-1" }), leg({ id: "2", key: "B", asset: "BTC", amount: "0.1" }), leg({ id: "3", key: "A", asset: "ETH", amount: "0.01" })],
      ctx,
    );
    expect(entries.map((e) => e.externalId)).toEqual(["kraken:convert:A"]);
    expect(held.map((l) => l.key)).toEqual(["B"]);
  });

  it("drops a complete group that is not a two-asset exchange, and counts its legs", () => {
    const out = pairLegs([], [leg({ id: "1", asset: "USD", amount: "-1" }), leg({ id: "2", asset: "BTC", amount: "0.1" }), leg({ id: "3", asset: "ETH", amount: "0.2" })], ctx);
    expect(out).toMatchObject({ entries: [], held: [], dropped: 3 });
  });

  it("keeps one fee and names a fee in another asset in the description", () => {
    const { entries } = pairLegs([], [leg({ id: "1", asset: "USD", amount: "-10", fee: { asset: "USD", amount: "0.1" } }), leg({ id: "2", asset: "BTC", amount: "0.001", fee: { asset: "BTC", amount: "0.000001" } })], ctx);
    expect(row(entries[0]!).fee).toBe("0.1 USD");
    expect(entries[0]?.description).toContain("also paid fee 0.000001 BTC");
  });
});

describe("held legs in the cursor", () => {
  it("round-trip through the cursor envelope; unreadable ones are dropped", () => {
    const good = leg({ id: "L1", asset: "USD", amount: "-100" });
    const parsed = parseCursor(JSON.stringify({ v: 1, s: { from: 1 }, a: ["USD"], h: [good, { id: 5 }] }));
    expect(parsed?.h).toEqual([good]);
    expect(parseCursor(JSON.stringify({ v: 1, s: null, a: [] }))?.h).toBeUndefined();
  });
});
