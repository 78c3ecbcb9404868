import { describe, expect, it } from "vitest";
import { parseLedgerText } from "./index";
import { at, kinds, parseOk } from "./test-fixtures";

describe("kucoin-spot-orders on kucoin/kucoin_spot_filled_orders.csv", () => {
  it("applies the header's UTC+08:00 and reads the quote-side volume", async () => {
    const r = await parseOk("kucoin/kucoin_spot_filled_orders.csv");
    expect(r.format.id).toBe("kucoin-spot-orders");
    expect(kinds(r.entries)).toEqual({ trade: 5 });
    expect(at(r.entries, 2)).toEqual([
      { line: 2, time: "2024-01-11T14:15:04.000Z", kind: "trade", sent: "210.5025 USDT", received: "0.005 BTC", fee: "0.2105025 USDT", fiat: null, label: null, id: "kucoin:65a0b1c2d3e4f5a6b7c8d901" },
    ]);
    expect(at(r.entries, 4).map((e) => [e.time, e.sent, e.received, e.fee])).toEqual([["2024-01-29T18:41:17.000Z", "0.1 ETH", "0.00541 BTC", "0.00000541 BTC"]]);
  });

  it("reads the old plain `Filled Time` header as UTC+8 and an explicit other zone as written", async () => {
    const row = "1,Trading Account,o1,BTC-USDT,BUY,MARKET,1,1,1,1,2024-01-11 08:00:00,0,0,TAKER,USDT";
    const head = (time: string) => `UID,Account Type,Order ID,Symbol,Side,Order Type,Avg. Filled Price,Filled Amount,Filled Volume,Filled Volume (USDT),${time},Fee,Tax,Maker/Taker,Fee Currency`;
    for (const [time, iso] of [["Filled Time", "2024-01-11T00:00:00.000Z"], ["Filled Time(UTC)", "2024-01-11T08:00:00.000Z"], ["Filled Time(UTC-05:00)", "2024-01-11T13:00:00.000Z"]] as const) {
      const r = await parseLedgerText(`${head(time)}\n${row}\n`);
      expect(r.ok && r.entries[0]?.time.toISOString()).toBe(iso);
    }
  });
});

describe("kucoin-deposits-withdrawals on kucoin/kucoin_deposit_history.csv", () => {
  it("imports SUCCESS rows and skips FAILURE", async () => {
    const r = await parseOk("kucoin/kucoin_deposit_history.csv");
    expect(r.format.id).toBe("kucoin-deposits-withdrawals");
    expect(r.entries.map((e) => [e.time.toISOString(), e.kind, e.receivedAmount?.toFixed(), e.receivedAsset])).toEqual([
      ["2024-01-10T01:00:12.000Z", "deposit", "500", "USDT"],
      ["2024-01-28T09:45:40.000Z", "deposit", "0.05", "BTC"],
    ]);
    expect(r.skipped).toEqual([{ line: 4, reason: "KuCoin deposit with status FAILURE: no funds moved" }]);
  });

  it("recognises the withdrawal sheet by its address column", async () => {
    const text = "UID,Account Type,Time(UTC+08:00),Remarks,Status,Fee,Amount,Coin,Transfer Network,Withdrawal Address/Account\n1,Main,2024-02-01 08:00:00,Withdrawal,SUCCESS,0.0005,0.1,BTC,BTC,bc1q\n";
    const r = await parseLedgerText(text);
    expect(r.ok && r.entries.map((e) => [e.kind, e.sentAmount?.toFixed(), e.feeAmount?.toFixed(), e.time.toISOString()])).toEqual([["withdrawal", "0.1", "0.0005", "2024-02-01T00:00:00.000Z"]]);
  });
});

describe("old KuCoin trade exports (rotki fixtures), read as UTC+8", () => {
  it("2022 layout", async () => {
    const r = await parseOk("kucoin/kucoin_trade_history.rotki.csv");
    expect(r.format.id).toBe("kucoin-trade-history-2022");
    expect(r.entries.map((e) => [e.time.toISOString(), e.sentAmount?.toFixed(), e.sentAsset, e.receivedAmount?.toFixed(), e.receivedAsset, e.feeAmount?.toFixed()])).toEqual([
      ["2022-04-28T04:36:00.000Z", "36.4479", "XTZ", "3.73590975", "USDT", "0.00373590975"],
      ["2022-04-28T07:46:07.000Z", "280.8559209946952", "USDT", "432.59183198", "XRP", "0.2808559209946952"],
    ]);
  });

  it("2019 layout", async () => {
    const r = await parseOk("kucoin/kucoin_trade_history_2019.rotki.csv");
    expect(r.format.id).toBe("kucoin-trade-history-2019");
    expect(r.entries.map((e) => [e.time.toISOString(), e.sentAmount?.toFixed(), e.sentAsset, e.receivedAmount?.toFixed(), e.receivedAsset, e.feeAmount?.toFixed(), e.feeAsset])).toEqual([
      ["2019-05-11T02:27:17.000Z", "0.00152402", "BTC", "10.01", "KCS", "0.00000152", "BTC"],
      ["2019-05-11T02:27:18.000Z", "10.02", "KCS", "0.00152403", "BTC", "0.00000153", "BTC"],
    ]);
  });
});
