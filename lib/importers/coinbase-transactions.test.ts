import { describe, expect, it } from "vitest";
import { parseLedgerText } from "./index";
import { at, kinds, parseOk } from "./test-fixtures";

describe("coinbase-transactions on coinbase/coinbase_transaction_history.csv", () => {
  it("finds the header below the preamble and maps every type", async () => {
    const r = await parseOk("coinbase/coinbase_transaction_history.csv");
    expect(r.format.id).toBe("coinbase-transactions");
    expect(r.rowsRead).toBe(15);
    expect(r.skipped).toEqual([]);
    expect(kinds(r.entries)).toEqual({ deposit: 2, buy: 3, income: 4, trade: 2, withdrawal: 2, sell: 2 });
    expect(r.entries.every((e) => e.account === "Coinbase")).toBe(true);
  });

  it("books gross fiat plus fee so balances move by Total, and reads Convert's received side from Notes", async () => {
    const { entries } = await parseOk("coinbase/coinbase_transaction_history.csv");
    expect(at(entries, 6)).toEqual([
      { line: 6, time: "2024-01-03T09:20:11.000Z", kind: "buy", sent: "989.8 USD", received: "0.02312 BTC", fee: "14.85 USD", fiat: "989.8 USD", label: null, id: "coinbase:65a1f0c2e4b0a10001a1b002" },
    ]);
    expect(at(entries, 14).map((e) => [e.kind, e.sent, e.received, e.fee])).toEqual([["sell", "0.15 ETH", "529.5 USD", "7.91 USD"]]);
    expect(at(entries, 10).map((e) => [e.kind, e.sent, e.received, e.fee, e.fiat])).toEqual([["trade", "0.1 ETH", "240.61 USDC", null, "241.8 USD"]]);
    expect(at(entries, 18).map((e) => [e.kind, e.sent, e.received])).toEqual([["trade", "5 SOL", "0.01380512 BTC"]]);
    expect(at(entries, 9).map((e) => [e.kind, e.received, e.label, e.fiat])).toEqual([["income", "0.00061234 ETH", "staking", "1.41 USD"]]);
    expect(at(entries, 16).map((e) => [e.kind, e.label])).toEqual([["income", "interest"]]);
    expect(at(entries, 17).map((e) => [e.kind, e.label])).toEqual([["income", "income"]]);
    expect(at(entries, 12).map((e) => [e.kind, e.sent])).toEqual([["withdrawal", "0.005 BTC"]]);
  });

  it("refuses a Convert whose Notes do not name the received asset", async () => {
    const text = [
      "ID,Timestamp,Transaction Type,Asset,Quantity Transacted,Price Currency,Price at Transaction,Subtotal,Total (inclusive of fees and/or spread),Fees and/or Spread,Notes",
      "x1,2024-02-07 13:30:00 UTC,Convert,ETH,-0.1,EUR,€2418.02,-€241.80,-€241.80,€0.00,",
    ].join("\n");
    const r = await parseLedgerText(text);
    expect(!r.ok && r.errors).toEqual([{ line: 2, column: "Notes", reason: 'cannot read the received side of a Convert from Notes ""' }]);
  });
});

describe("coinbase-transactions-legacy", () => {
  it("reads the pre-2024 layout (Spot Price Currency, ISO times) with fingerprints", async () => {
    const text = [
      "Transactions",
      "User,Jane,uuid",
      "You can use this transaction report to inform your likely tax obligations.",
      "",
      "Timestamp,Transaction Type,Asset,Quantity Transacted,Spot Price Currency,Spot Price at Transaction,Subtotal,Total (inclusive of fees and/or spread),Fees and/or Spread,Notes",
      "2021-04-01T10:00:00Z,Buy,BTC,0.01,GBP,40000,400.00,405.99,5.99,Bought 0.01 BTC for £405.99 GBP",
      "2021-05-01T10:00:00Z,Coinbase Earn,XLM,10,GBP,0.3,3.00,3.00,0.00,",
    ].join("\n");
    const r = await parseLedgerText(text);
    expect(r.ok && r.format.id).toBe("coinbase-transactions-legacy");
    expect(r.ok && r.entries.map((e) => [e.kind, e.sentAmount?.toFixed(), e.sentAsset, e.receivedAmount?.toFixed(), e.receivedAsset, e.feeAmount?.toFixed(), e.label])).toEqual([
      ["buy", "400", "GBP", "0.01", "BTC", "5.99", null],
      ["income", undefined, null, "10", "XLM", undefined, "income"],
    ]);
    expect(r.ok && r.entries[0]?.externalId).toMatch(/^coinbase-transactions-legacy:[0-9a-f]{32}$/);
  });

  it("reads the mid-2021 layout whose money columns carry the currency in their names", async () => {
    const text = [
      "Timestamp,Transaction Type,Asset,Quantity Transacted,EUR Spot Price at Transaction,EUR Subtotal,EUR Total (inclusive of fees),EUR Fees,Notes",
      "2021-06-01T10:00:00Z,Sell,ETH,0.5,2000,1000.00,985.00,15.00,Sold 0.5 ETH",
    ].join("\n");
    const r = await parseLedgerText(text);
    expect(r.ok && r.entries.map((e) => [e.kind, e.sentAmount?.toFixed(), e.receivedAmount?.toFixed(), e.receivedAsset, e.feeAmount?.toFixed(), e.fiatCurrency])).toEqual([["sell", "0.5", "1000", "EUR", "15", "EUR"]]);
  });
});
