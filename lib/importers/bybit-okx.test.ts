import { describe, expect, it } from "vitest";
import { parseLedgerText } from "./index";
import { at, kinds, parseOk } from "./test-fixtures";

describe("bybit-funding-history on bybit/bybit_deposit_withdrawal_history.csv", () => {
  it("keeps deposits/withdrawals and skips transfers to/from the derivatives account", async () => {
    const r = await parseOk("bybit/bybit_deposit_withdrawal_history.csv");
    expect(r.format.id).toBe("bybit-funding-history");
    expect(kinds(r.entries)).toEqual({ deposit: 2, withdrawal: 2 });
    expect(r.skipped).toEqual([
      { line: 3, reason: "Transfer to Derivatives Account: internal move between the user's Bybit accounts" },
      { line: 4, reason: "Transfer from Derivatives Account: internal move between the user's Bybit accounts" },
    ]);
    expect(at(r.entries, 7).map((e) => [e.time, e.kind, e.sent])).toEqual([["2024-03-29T14:02:55.000Z", "withdrawal", "0.005 BTC"]]);
  });
});

describe("okx-trading-account on okx/okx_trading_account_history.csv", () => {
  it("maps the first `Unit` by position and groups bills by Order id", async () => {
    const r = await parseOk("okx/okx_trading_account_history.csv");
    expect(r.format.id).toBe("okx-trading-account");
    expect(r.entries.map((e) => [e.sourceLine, e.sentAmount?.toFixed(), e.sentAsset, e.receivedAmount?.toFixed(), e.receivedAsset, e.feeAmount?.toFixed(), e.feeAsset, e.externalId])).toEqual([
      [2, "436.5", "USDT", "0.01", "BTC", "0.00001", "BTC", "okx:680911100999999999"],
      [4, "0.01623", "BTC", "0.3", "ETH", "0.0003", "ETH", "okx:680955511999999998"],
      [6, "0.1", "ETH", "398.2", "USDT", "0.3982", "USDT", "okx:681002232999999997"],
    ]);
    expect(r.skipped).toEqual([{ line: 8, reason: "Transfer in: internal move between the user's OKX funding and trading accounts" }]);
  });

  it("refuses derivatives bills rather than misreading them", async () => {
    const text = "\uFEFFid,Order id,Time,Trade Type,Instrument,Type,Amount,Unit,PL,Fee,Position Change,Position Balance,Balance Change,Balance,Unit\n1,2,2024-01-07 10:12:33,Perpetual,BTC-USDT-SWAP,Open long,1,cont,0,-0.1,1,1,-0.1,1,USDT\n";
    const r = await parseLedgerText(text);
    expect(!r.ok && r.errors).toEqual([{ line: 2, column: "Trade Type", reason: 'unsupported OKX trade type "Perpetual" (only spot bills are imported)' }]);
  });
});

describe("okx-funding-account on okx/okx_funding_account_history.csv", () => {
  it("reads staking yield as income, nets the withdrawal fee, skips the move to the trading account", async () => {
    const r = await parseOk("okx/okx_funding_account_history.csv");
    expect(r.format.id).toBe("okx-funding-account");
    expect(kinds(r.entries)).toEqual({ deposit: 1, income: 1, withdrawal: 1 });
    expect(at(r.entries, 5)).toEqual([
      { line: 5, time: "2024-03-25T13:37:00.000Z", kind: "withdrawal", sent: "0.1989 ETH", received: null, fee: "0.0011 ETH", fiat: null, label: null, id: "okx:funding:9004" },
    ]);
    expect(at(r.entries, 4).map((e) => [e.kind, e.received, e.label])).toEqual([["income", "0.00421 ETH", "staking"]]);
    expect(r.skipped).toEqual([{ line: 3, reason: "To unified trading account: internal move between the user's OKX accounts" }]);
  });
});
