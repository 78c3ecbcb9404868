import { describe, expect, it } from "vitest";
import { at, kinds, parseOk } from "./test-fixtures";

describe("coinbase-advanced-fills on coinbase-advanced/coinbase_advanced_fills.csv", () => {
  it("turns each fill into a trade with the gross quote amount and its fee", async () => {
    const r = await parseOk("coinbase-advanced/coinbase_advanced_fills.csv");
    expect(r.format.id).toBe("coinbase-advanced-fills");
    expect(kinds(r.entries)).toEqual({ buy: 3, trade: 2, sell: 3 });
    expect(at(r.entries, 2)).toEqual([
      { line: 2, time: "2024-01-08T14:02:11.204Z", kind: "buy", sent: "466.1221 USD", received: "0.01 BTC", fee: "2.7967326 USD", fiat: null, label: null, id: "coinbase-advanced:BTC-USD:618204117" },
    ]);
    expect(at(r.entries, 4).map((e) => [e.kind, e.sent, e.received, e.fee, e.id])).toEqual([["trade", "0.0130775 BTC", "0.25 ETH", "0.00003923 BTC", "coinbase-advanced:ETH-BTC:23011773"]]);
    expect(at(r.entries, 7).map((e) => [e.kind, e.sent, e.received, e.fee])).toEqual([["sell", "0.008 BTC", "569.86408 USD", "2.2794563 USD"]]);
  });

  it("keeps two fills of one order (same timestamp) apart by trade id", async () => {
    const { entries } = await parseOk("coinbase-advanced/coinbase_advanced_fills.csv");
    expect(entries[0]?.time.getTime()).toBe(entries[1]?.time.getTime());
    expect(entries[0]?.externalId).not.toBe(entries[1]?.externalId);
  });
});
