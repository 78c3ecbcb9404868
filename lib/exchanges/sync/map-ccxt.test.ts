import type { LedgerEntry as CcxtLedgerEntry, Trade, Transaction } from "ccxt";
import { describe, expect, it } from "vitest";
import { incomeLabel, mapLedgerEntry, mapTrade, mapTransfer } from "./map-ccxt";
import { dec } from "./precise";

const ctx = { exchangeId: "binance" as const, account: "Binance" };
const trade = (t: Partial<Record<keyof Trade | "fees", unknown>>): Trade => ({ info: {}, id: "7", timestamp: 1_700_000_000_000, ...t }) as unknown as Trade;
const str = (d: { toFixed(): string } | null) => (d ? d.toFixed() : null);

describe("mapTrade", () => {
  it.each([
    { name: "crypto bought with fiat is a buy", symbol: "BTC/USD", side: "buy", kind: "buy", sent: "USD 30000.5", received: "BTC 1.00000001", fiat: "30000.5" },
    { name: "crypto sold for fiat is a sell", symbol: "BTC/EUR", side: "sell", kind: "sell", sent: "BTC 1.00000001", received: "EUR 30000.5", fiat: "30000.5" },
    { name: "crypto for crypto is a trade", symbol: "ETH/BTC", side: "buy", kind: "trade", sent: "BTC 30000.5", received: "ETH 1.00000001", fiat: null },
    { name: "a stablecoin is not fiat", symbol: "BTC/USDT", side: "sell", kind: "trade", sent: "BTC 1.00000001", received: "USDT 30000.5", fiat: null },
  ])("$name", ({ symbol, side, kind, sent, received, fiat }) => {
    const e = mapTrade(trade({ symbol, side, amount: "1.00000001", cost: "30000.5", price: "29999", fee: { cost: "0.1", currency: "BNB" } }), ctx, symbol.replace("/", ""));
    expect(e?.kind).toBe(kind);
    expect(`${e?.sentAsset} ${str(e?.sentAmount ?? null)}`).toBe(sent);
    expect(`${e?.receivedAsset} ${str(e?.receivedAmount ?? null)}`).toBe(received);
    expect(`${e?.feeAsset} ${str(e?.feeAmount ?? null)}`).toBe("BNB 0.1");
    expect(str(e?.fiatValue ?? null)).toBe(fiat);
    expect(e?.externalId).toBe(`binance:trade:${symbol.replace("/", "")}:7`);
  });

  it("keeps every digit of the exchange's strings (precise mode), and derives cost from price when missing", () => {
    const e = mapTrade(trade({ symbol: "ETH/BTC", side: "buy", amount: "0.123456789012345678", price: "0.0512345678", cost: undefined }), ctx, "ETHBTC");
    expect(str(e?.receivedAmount ?? null)).toBe("0.123456789012345678");
    expect(str(e?.sentAmount ?? null)).toBe("0.0063252552270233196765279684");
  });

  it("merges fees by currency and names a second fee currency in the description", () => {
    const fees = [
      { cost: "0.1", currency: "USDT" },
      { cost: "0.2", currency: "USDT" },
      { cost: "0.001", currency: "BNB" },
    ];
    const e = mapTrade(trade({ symbol: "BTC/USDT", side: "buy", amount: "1", cost: "100", fees }), ctx, "BTCUSDT");
    expect(`${e?.feeAsset} ${str(e?.feeAmount ?? null)}`).toBe("USDT 0.3");
    expect(e?.description).toContain("0.001 BNB");
  });

  it("rejects a trade it cannot read rather than guessing", () => {
    expect(mapTrade(trade({ symbol: "BTC/USDT", side: "buy", amount: undefined, cost: "1" }), ctx, "BTCUSDT")).toBeNull();
    expect(mapTrade(trade({ symbol: "BTC/USDT", side: undefined, amount: "1", cost: "1" }), ctx, "BTCUSDT")).toBeNull();
  });
});

describe("mapTransfer", () => {
  const tx = (t: Partial<Transaction>): Transaction => ({ info: {}, id: "d1", timestamp: 1_700_000_000_000, currency: "ETH", amount: "1.5", status: "ok", ...t }) as unknown as Transaction;

  it("a completed withdrawal sends the amount and pays the network fee on top", () => {
    const out = mapTransfer(tx({ type: "withdrawal", fee: { cost: "0.002" as unknown as number, currency: "ETH" }, txid: "0xabc", network: "ERC20" }), "withdrawal", ctx);
    expect("entry" in out && out.entry).toMatchObject({ kind: "withdrawal", sentAsset: "ETH", feeAsset: "ETH", txHash: "0xabc", externalId: "binance:withdrawal:d1" });
    expect("entry" in out && str(out.entry.feeAmount)).toBe("0.002");
  });

  it("a pending deposit holds the watermark; failed ones are skipped; internal transfer ids are not tx hashes", () => {
    expect(mapTransfer(tx({ status: "pending" }), "deposit", ctx)).toEqual({ pending: true, time: 1_700_000_000_000 });
    expect(mapTransfer(tx({ status: "failed" }), "deposit", ctx)).toEqual({ skip: true });
    const out = mapTransfer(tx({ txid: "Internal transfer 51376627901", fee: { cost: 0, currency: "ETH" } }), "deposit", ctx);
    expect("entry" in out && out.entry.txHash).toBeNull();
    expect("entry" in out && out.entry.feeAmount).toBeNull();
  });
});

describe("mapLedgerEntry", () => {
  const row = (r: Partial<CcxtLedgerEntry>): CcxtLedgerEntry => ({ info: {}, id: "L1", timestamp: 1_700_000_000_000, currency: "DOT", amount: "0.25", direction: "in", ...r }) as CcxtLedgerEntry;

  it.each([
    { cls: { kind: "income", label: "staking" } as const, want: { kind: "income", receivedAsset: "DOT", label: "staking", externalId: "binance:income:L1" } },
    { cls: { kind: "withdrawal" } as const, want: { kind: "withdrawal", sentAsset: "DOT", externalId: "binance:withdrawal:L1" } },
    { cls: { kind: "fee" } as const, want: { kind: "fee", feeAsset: "DOT", externalId: "binance:fee:L1" } },
  ])("$cls.kind", ({ cls, want }) => {
    expect(mapLedgerEntry(row({}), cls, ctx)).toMatchObject(want);
  });

  it("skips what the exchange's table skips", () => {
    expect(mapLedgerEntry(row({}), { kind: "skip", reason: "trade leg" }, ctx)).toBeNull();
  });
});

describe("incomeLabel", () => {
  it.each([
    ["ETH 2.0 Staking", "staking"],
    ["Simple Earn Flexible Interest", "interest"],
    ["BNB Vault", "interest"],
    ["BHFT distribution", "airdrop"],
    ["Launchpool", "airdrop"],
    ["Something new", "income"],
  ])("%s → %s", (text, label) => expect(incomeLabel(text)).toBe(label));
});

describe("dec", () => {
  it.each([
    ["0.00000001", "0.00000001"],
    [" 12.5 ", "12.5"],
    [0, "0"],
    ["", null],
    ["abc", null],
    [undefined, null],
  ])("%j → %j", (input, want) => expect(dec(input)?.toFixed() ?? null).toBe(want));
});
