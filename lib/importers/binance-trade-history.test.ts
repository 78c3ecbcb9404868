import { describe, expect, it } from "vitest";
import { parseLedgerText } from "./index";
import { at, kinds, parseOk } from "./test-fixtures";

describe("binance-trade-history on binance/binance_trade_history.csv", () => {
  it("splits glued pairs and amounts, with fees in BNB, base or quote", async () => {
    const r = await parseOk("binance/binance_trade_history.csv");
    expect(r.format.id).toBe("binance-trade-history");
    expect(kinds(r.entries)).toEqual({ trade: 9 });
    expect(at(r.entries, 2)).toEqual([
      { line: 2, time: "2024-01-04T09:15:22.000Z", kind: "trade", sent: "199.797047 USDT", received: "0.0047 BTC", fee: "0.0000047 BTC", fiat: null, label: null, id: expect.stringMatching(/^binance-trade-history:[0-9a-f]{32}$/) },
    ]);
    expect(at(r.entries, 4).map((e) => [e.sent, e.received, e.fee])).toEqual([["0.0097416 BTC", "0.18 ETH", "0.00013421 BNB"]]);
    expect(at(r.entries, 7).map((e) => [e.sent, e.received, e.fee])).toEqual([["1103.5 USDT", "10 SOL", "0.01 SOL"]]);
    expect(at(r.entries, 9).map((e) => [e.sent, e.received, e.fee])).toEqual([["0.003 BTC", "203.67033 USDT", "0.20367033 USDT"]]);
  });

  it("refuses a pair that contradicts the cells' assets", async () => {
    const r = await parseLedgerText("Date(UTC),Pair,Side,Price,Executed,Amount,Fee\n2024-01-04 09:15:22,ETHUSDT,BUY,1,1BTC,1USDT,0BTC\n");
    expect(!r.ok && r.errors.map((e) => [e.line, e.column])).toEqual([[2, "Pair"]]);
  });

  it("sells fiat-quoted pairs as `sell` and splits by the longest known quote", async () => {
    const r = await parseLedgerText("Date(UTC),Pair,Side,Price,Executed,Amount,Fee\n24-03-01 00:00:00,BTCFDUSD,SELL,1,1BTC,1FDUSD,\n2024-03-01 00:00:01,BTCEUR,SELL,1,1BTC,1EUR,0.001EUR\n");
    expect(r.ok && r.entries.map((e) => [e.time.toISOString(), e.kind, e.receivedAsset])).toEqual([
      ["2024-03-01T00:00:00.000Z", "trade", "FDUSD"],
      ["2024-03-01T00:00:01.000Z", "sell", "EUR"],
    ]);
  });
});

describe("binance-trade-history-legacy", () => {
  it("reads Date(UTC),Market,Type,Price,Amount,Total,Fee,Fee Coin", async () => {
    const r = await parseLedgerText("Date(UTC),Market,Type,Price,Amount,Total,Fee,Fee Coin\n2019-01-02 03:04:05,BNBBTC,BUY,0.0015,10,0.015,0.0075,BNB\n");
    expect(r.ok && r.format.id).toBe("binance-trade-history-legacy");
    expect(r.ok && r.entries.map((e) => [e.kind, e.sentAmount?.toFixed(), e.sentAsset, e.receivedAmount?.toFixed(), e.receivedAsset, e.feeAmount?.toFixed(), e.feeAsset])).toEqual([
      ["trade", "0.015", "BTC", "10", "BNB", "0.0075", "BNB"],
    ]);
  });
});
