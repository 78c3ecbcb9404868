import { describe, expect, it } from "vitest";
import { parseLedgerText } from "./index";
import { at, kinds, parseOk } from "./test-fixtures";

describe("gemini-transactions on gemini/gemini_transaction_history.csv", () => {
  it("reads the per-asset column triples and signed amounts", async () => {
    const r = await parseOk("gemini/gemini_transaction_history.csv");
    expect(r.format.id).toBe("gemini-transactions");
    expect(kinds(r.entries)).toEqual({ deposit: 2, buy: 2, trade: 1, income: 1, withdrawal: 2, sell: 1 });
    expect(at(r.entries, 3)).toEqual([
      { line: 3, time: "2024-01-03T10:22:09.118Z", kind: "buy", sent: "1000 USD", received: "0.02367425 BTC", fee: "4 USD", fiat: null, label: null, id: "gemini:72800112233" },
    ]);
    expect(at(r.entries, 5).map((e) => [e.kind, e.sent, e.received, e.fee])).toEqual([["trade", "0.09 ETH", "0.004922 BTC", "0.00000098 BTC"]]);
    expect(at(r.entries, 6).map((e) => [e.kind, e.received, e.label])).toEqual([["income", "0.0001211 ETH", "interest"]]);
    expect(at(r.entries, 8).map((e) => [e.kind, e.sent, e.received, e.fee])).toEqual([["sell", "0.018 BTC", "1038.73 USD", "2.08 USD"]]);
  });

  it("keeps the withdrawal's tx hash", async () => {
    const { entries } = await parseOk("gemini/gemini_transaction_history.csv");
    expect(entries.find((e) => e.sourceLine === 7)?.txHash).toBe("3a5f9c0b7e2d4a6f8e1c3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a");
  });

  it("accepts an Excel save: `(1,000.00)` negatives and `$` prefixes", async () => {
    const text = [
      "Date,Time (UTC),Type,Symbol,Specification,Liquidity Indicator,Trading Fee Rate (bps),USD Amount USD,Fee (USD) USD,USD Balance USD,BTC Amount BTC,Fee (BTC) BTC,BTC Balance BTC,Trade ID,Order ID",
      '2024-01-03,10:22:09.118,Buy,BTCUSD,Exchange Limit,Taker,40,"($1,000.00)",($4.00),"$1,996.00",0.02367425,,0.02367425,1,2',
    ].join("\n");
    const r = await parseLedgerText(text);
    expect(r.ok && r.entries.map((e) => [e.sentAmount?.toFixed(), e.feeAmount?.toFixed()])).toEqual([["1000", "4"]]);
  });
});
