import { describe, expect, it } from "vitest";
import { parseLedgerText } from "./index";
import { krakenAsset, splitKrakenPair } from "./kraken-assets";
import { at, kinds, parseOk, show } from "./test-fixtures";

describe("kraken-ledgers on kraken/ledgers.csv", () => {
  it("groups trade legs by refid, skips pending and internal rows", async () => {
    const r = await parseOk("kraken/ledgers.csv");
    expect(r.format).toEqual({ id: "kraken-ledgers", name: "Kraken ledgers" });
    expect(r.rowsRead).toBe(19);
    expect(kinds(r.entries)).toEqual({ deposit: 2, buy: 3, trade: 1, sell: 1, income: 2, withdrawal: 1 });
    expect(r.skipped.map((s) => s.line)).toEqual([2, 8, 9, 16]);
    expect(r.skipped[0]?.reason).toMatch(/pending/);
    expect(r.skipped[1]?.reason).toMatch(/internal Kraken move \(transfer\/spottostaking\)/);
  });

  it("books exact amounts, fees in the row's asset and normalised asset codes", async () => {
    const { entries } = await parseOk("kraken/ledgers.csv");
    expect(at(entries, 4)).toEqual([
      { line: 4, time: "2024-01-03T10:11:12.000Z", kind: "buy", sent: "1000 EUR", received: "0.0248138 BTC", fee: "2.6 EUR", fiat: null, label: null, id: "kraken:TJKLXX-PGMUI-AAAAAB" },
    ]);
    expect(at(entries, 13).map((e) => [e.kind, e.sent, e.received, e.fee])).toEqual([["trade", "0.005 BTC", "0.0901 ETH", "0.00014 ETH"]]);
    expect(at(entries, 10).map((e) => [e.kind, e.received, e.label, e.id])).toEqual([["income", "0.00004 ETH", "staking", "kraken:LPL4TH-7AQOB-AAAAAH"]]);
    expect(at(entries, 15).map((e) => [e.received, e.fee, e.label])).toEqual([["0.05812 DOT", "0.00872 DOT", "staking"]]);
    expect(at(entries, 17).map((e) => [e.kind, e.sent, e.fee])).toEqual([["withdrawal", "0.01 BTC", "0.00002 BTC"]]);
    expect(at(entries, 11).map((e) => [e.kind, e.sent, e.received, e.fee])).toEqual([["buy", "150 EUR", "22.3 DOT", "2.25 EUR"]]);
  });

  it("refuses an unbalanced trade group on every line of the group", async () => {
    const text = [
      '"txid","refid","time","type","subtype","aclass","asset","wallet","amount","fee","balance"',
      '"L1","T1","2024-01-03 10:11:12","trade","","currency","ZEUR","spot / main",-1000,2.6,0',
      '"L2","T1","2024-01-03 10:11:12","trade","","currency","XXBT","spot / main",-0.1,0,0',
    ].join("\n");
    const r = await parseLedgerText(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => [e.line, e.column])).toEqual([[2, "refid"], [3, "refid"]]);
  });

  it("accepts the header generations without wallet and with amountusd (fiat value)", async () => {
    const text = ['txid,refid,time,type,subtype,aclass,asset,amount,fee,balance,amountusd', "L9,Q9,2024-05-01 00:00:00,deposit,,currency,XXDG,100,0,100,15.5"].join("\r\n");
    const r = await parseLedgerText(text);
    expect(r.ok && r.entries.map(show)).toEqual([
      { line: 2, time: "2024-05-01T00:00:00.000Z", kind: "deposit", sent: null, received: "100 DOGE", fee: null, fiat: "15.5 USD", label: null, id: "kraken:L9" },
    ]);
  });
});

describe("Kraken asset codes", () => {
  it.each([
    ["XXBT", "BTC"], ["XBT", "BTC"], ["XETH", "ETH"], ["ZUSD", "USD"], ["ZEUR", "EUR"], ["XXDG", "DOGE"], ["XDG", "DOGE"],
    ["DOT.S", "DOT"], ["ETH2.S", "ETH"], ["ETH2", "ETH"], ["USDC.M", "USDC"], ["XBT.M", "BTC"], ["SOL.F", "SOL"], ["KSM.B", "KSM"], ["USD.HOLD", "USD"], ["USDC", "USDC"],
  ])("%s → %s", (code, ticker) => {
    expect(krakenAsset(code)).toBe(ticker);
  });

  it.each([
    ["XXBTZEUR", "BTC", "EUR"], ["XETHXXBT", "ETH", "BTC"], ["DOTEUR", "DOT", "EUR"], ["USDCUSD", "USDC", "USD"], ["XBTUSDT", "BTC", "USDT"], ["XBT/EUR", "BTC", "EUR"],
  ])("pair %s", (pair, base, quote) => {
    expect(splitKrakenPair(pair)).toEqual({ base, quote });
  });
});
