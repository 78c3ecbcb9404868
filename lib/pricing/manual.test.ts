import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { ManualPrices, priceCsvRows } from "./manual";

describe("manual prices", () => {
  const m = new ManualPrices([
    { asset: "bnb", currency: "usd", time: new Date("2024-03-01T00:00:00Z"), price: new Decimal("400"), note: "price CSV p.csv" },
    { asset: "BNB", currency: "USD", time: new Date("2024-03-03T18:00:00Z"), price: new Decimal("430"), transactionId: "t9" },
    { asset: "BNB", currency: "EUR", time: new Date("2024-03-03T00:00:00Z"), price: new Decimal("390") },
  ]);

  it.each([
    { at: "2024-03-01T12:00:00Z", want: ["400", "manual: price CSV p.csv (2024-03-01)"] },
    { at: "2024-03-02T12:00:00Z", want: null }, // never reaches into another day
    { at: "2024-03-03T10:00:00Z", want: ["430", "manual: set for transaction t9 (2024-03-03 18:00 UTC)"] }, // later the same day
    { at: "2024-03-03T19:00:00Z", want: ["430", "manual: set for transaction t9 (2024-03-03 18:00 UTC)"] },
  ])("BNB/USD at $at", ({ at, want }) => {
    const q = m.sameDay("BNB", "USD", new Date(at).getTime());
    expect(q ? [q.price.toFixed(), q.source] : null).toEqual(want);
  });

  it("lists the other currencies priced that day", () => {
    expect(m.otherCurrencies("BNB", "GBP", Date.parse("2024-03-03T05:00:00Z"))).toEqual(["EUR", "USD"]);
    expect(m.otherCurrencies("BNB", "USD", Date.parse("2024-03-03T05:00:00Z"))).toEqual(["EUR"]);
  });
});

describe("priceCsvRows", () => {
  it("returns the rows parsePriceCsv accepts, exact", () => {
    const out = priceCsvRows("\uFEFFdate , ASSET,Currency,Price,Extra\r\n2024-03-01,bnb,usd,412.350000000000000001,x\r\n\r\n2024-03-02 12:00:00,EUR,USD,1.08,\r\n");
    expect(out.ok && out.rows.map((r) => [r.time.toISOString(), r.asset, r.currency, r.price.toFixed()])).toEqual([
      ["2024-03-01T00:00:00.000Z", "BNB", "USD", "412.350000000000000001"],
      ["2024-03-02T12:00:00.000Z", "EUR", "USD", "1.08"],
    ]);
  });

  it("returns parsePriceCsv's issues for a bad file", () => {
    const out = priceCsvRows("Date,Asset,Currency,Price\n2024-03-01,BNB,USD,0\n");
    expect(out.ok ? [] : out.issues).toEqual([{ line: 2, column: "Price", reason: "price is zero" }]);
  });
});
