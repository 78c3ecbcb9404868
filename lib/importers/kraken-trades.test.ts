import { describe, expect, it } from "vitest";
import { kinds, parseOk, show } from "./test-fixtures";

describe("kraken-trades on kraken/trades.csv", () => {
  it("reads vol/cost/fee with the quote-asset fee and sub-second times", async () => {
    const r = await parseOk("kraken/trades.csv");
    expect(r.format.id).toBe("kraken-trades");
    expect(kinds(r.entries)).toEqual({ buy: 2, trade: 1, sell: 1 });
    expect(r.entries.map(show)[0]).toEqual({
      line: 2, time: "2024-01-03T10:11:12.482Z", kind: "buy", sent: "1000 EUR", received: "0.0248138 BTC", fee: "2.6 EUR", fiat: null, label: null, id: "kraken:TJKLXX-PGMUI-AAAAAB",
    });
    expect(r.entries.map(show)[3]).toMatchObject({ kind: "sell", sent: "0.05 ETH", received: "166.25 EUR", fee: "0.43 EUR" });
  });

  it("gives a trade the same externalId as the ledger import, so importing both does not double it", async () => {
    const trades = await parseOk("kraken/trades.csv");
    const ledger = await parseOk("kraken/ledgers.csv");
    const ledgerIds = new Set(ledger.entries.map((e) => e.externalId));
    expect(trades.entries.every((e) => ledgerIds.has(e.externalId))).toBe(true);
  });
});
