import { describe, expect, it } from "vitest";
import { at, kinds, parseOk } from "./test-fixtures";

describe("bitstamp-transactions on bitstamp/bitstamp_transactions.csv", () => {
  it("reads Market Buy/Sell with value and fee currencies", async () => {
    const r = await parseOk("bitstamp/bitstamp_transactions.csv");
    expect(r.format.id).toBe("bitstamp-transactions");
    expect(kinds(r.entries)).toEqual({ deposit: 1, buy: 2, income: 1, sell: 1, withdrawal: 2 });
    expect(at(r.entries, 3)).toEqual([
      { line: 3, time: "2024-01-04T09:20:05.000Z", kind: "buy", sent: "1399.97 EUR", received: "0.03512 BTC", fee: "6.99985 EUR", fiat: null, label: null, id: "bitstamp:301229871" },
    ]);
    expect(at(r.entries, 5).map((e) => [e.kind, e.received, e.label])).toEqual([["income", "0.000081 ETH", "staking"]]);
    expect(at(r.entries, 7).map((e) => [e.kind, e.sent, e.fee])).toEqual([["withdrawal", "0.02 BTC", "0.0001 BTC"]]);
  });
});

describe("bitstamp-transactions-legacy on bitstamp_transactions_legacy.rotki.csv", () => {
  it("reads month-name times and amounts with the currency in the cell (no final newline)", async () => {
    const r = await parseOk("bitstamp/bitstamp_transactions_legacy.rotki.csv");
    expect(r.format.id).toBe("bitstamp-transactions-legacy");
    expect(r.entries.map((e) => [e.time.toISOString(), e.kind, e.sentAmount?.toFixed(), e.sentAsset, e.receivedAmount?.toFixed(), e.receivedAsset, e.feeAmount?.toFixed(), e.feeAsset])).toEqual([
      ["2022-01-28T00:13:00.000Z", "deposit", undefined, null, "2", "ETH", undefined, null],
      ["2022-01-28T00:31:00.000Z", "sell", "1", "ETH", "2214.01", "EUR", "10.87005", "EUR"],
      ["2022-01-30T11:40:00.000Z", "withdrawal", "2211.01", "EUR", undefined, null, "3", "EUR"],
    ]);
  });
});
