import { createHash } from "node:crypto";
import type { MockConversion, MockReward, MockTrade, MockTransfer } from "./dataset";
import { OHLCV_MARKETS } from "./ohlcv";

/**
 * The spot markets every mock exchange lists (the OHLCV markets plus XRP/USDT,
 * which no generated account touches: market discovery must not query it).
 */
export const MOCK_MARKETS: readonly string[] = [...OHLCV_MARKETS, "XRP/USDT"];

/** Kraken's own asset ids (notes, "Kraken": XBT → BTC via /0/public/Assets). */
export const KRAKEN_ASSETS: Readonly<Record<string, { id: string; altname: string; decimals: number }>> = {
  BTC: { id: "XXBT", altname: "XBT", decimals: 10 },
  ETH: { id: "XETH", altname: "ETH", decimals: 10 },
  USD: { id: "ZUSD", altname: "USD", decimals: 4 },
  EUR: { id: "ZEUR", altname: "EUR", decimals: 4 },
  GBP: { id: "ZGBP", altname: "GBP", decimals: 4 },
  USDT: { id: "USDT", altname: "USDT", decimals: 8 },
  SOL: { id: "SOL", altname: "SOL", decimals: 10 },
  XRP: { id: "XXRP", altname: "XRP", decimals: 8 },
};

function split(symbol: string): [string, string] {
  return symbol.split("/") as [string, string];
}

/** A stable UUID-shaped id (Coinbase ids are UUIDs). */
export function mockUuid(...parts: (string | number)[]): string {
  const h = createHash("sha256").update(parts.join(":")).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The exchange's id of a market. */
export const MARKET_ID: Readonly<Record<"binance" | "kraken" | "okx" | "coinbase" | "bybit" | "kucoin" | "gemini" | "bitstamp", (symbol: string) => string>> = {
  binance: (s) => split(s).join(""),
  bybit: (s) => split(s).join(""),
  okx: (s) => split(s).join("-"),
  kucoin: (s) => split(s).join("-"),
  coinbase: (s) => split(s).join("-"),
  kraken: (s) => {
    const [b, q] = split(s);
    return `${KRAKEN_ASSETS[b]?.id ?? b}${KRAKEN_ASSETS[q]?.id ?? q}`;
  },
  gemini: (s) => split(s).join("").toLowerCase(),
  bitstamp: (s) => split(s).join("").toLowerCase(),
};

/**
 * How each mock names its history rows: the ids a sync must carry into
 * external ids. Derived from the dataset's neutral integer ids.
 */
export const HISTORY_IDS = {
  binance: {
    trade: (t: MockTrade) => String(t.id),
    deposit: (d: MockTransfer) => String(d.id),
    withdrawal: (w: MockTransfer) => `b${w.id.toString(16).padStart(31, "0")}`,
    reward: (r: MockReward) => String(r.id),
    /** Convert trade flow `quoteId` (32 hex digits; the order id is an 18-digit JSON number that JSON.parse rounds). */
    conversion: (c: MockConversion) => `f3b91c525b2644c7bc1e1cd3${c.id.toString(16).padStart(8, "0")}`,
    convertOrderId: (c: MockConversion) => 940_708_407_462_080_000n + BigInt(c.id),
    /** Dust log `transId` of the sweep (shared by its details). */
    dust: (c: MockConversion) => String(70_899_815_000 + c.batch),
  },
  kraken: {
    trade: (t: MockTrade) => `T${t.id}-MOCK-TRADE`,
    tradeLedger: (t: MockTrade, leg: "base" | "quote") => `L${t.id}-${leg === "base" ? "B" : "Q"}-TRADE`,
    deposit: (d: MockTransfer) => `L${d.id}-DEPOSIT`,
    withdrawal: (w: MockTransfer) => `L${w.id}-WITHDRAWAL`,
    reward: (r: MockReward) => `L${r.id}-STAKING`,
    /** The refid both legs of a Buy Crypto / convert share. */
    conversion: (c: MockConversion) => `C${c.id}-MOCK-CONVERT`,
    conversionLedger: (c: MockConversion, leg: "spend" | "receive") => `L${c.id}-${leg.toUpperCase()}`,
  },
  okx: {
    trade: (t: MockTrade) => String(t.id),
    tradeBill: (t: MockTrade) => String(10_000_000_000 + t.id),
    deposit: (d: MockTransfer) => String(d.id),
    withdrawal: (w: MockTransfer) => String(w.id),
    depositBill: (d: MockTransfer) => String(20_000_000_000 + d.id),
    withdrawalBill: (w: MockTransfer) => String(21_000_000_000 + w.id),
    reward: (r: MockReward) => String(22_000_000_000 + r.id),
  },
  coinbase: {
    trade: (t: MockTrade) => mockUuid("fill", t.id),
    tradeLeg: (t: MockTrade, leg: "base" | "quote") => mockUuid("fill-tx", t.id, leg),
    deposit: (d: MockTransfer) => mockUuid("deposit", d.id),
    withdrawal: (w: MockTransfer) => mockUuid("withdrawal", w.id),
    reward: (r: MockReward) => mockUuid("reward", r.id),
    account: (currency: string) => mockUuid("account", currency),
    /** The buy / sell / trade resource id both wallet transactions point to. */
    conversion: (c: MockConversion) => mockUuid("conversion", c.id),
    conversionLeg: (c: MockConversion, leg: "from" | "to") => mockUuid("conversion-tx", c.id, leg),
  },
  bybit: {
    trade: (t: MockTrade) => mockUuid("execution", t.id),
    deposit: (d: MockTransfer) => String(d.id),
    withdrawal: (w: MockTransfer) => String(w.id),
    /** Earn yield record id ("unique only under the same user"), kept apart from the log's ids by the `earn:` part. */
    reward: (r: MockReward) => `earn:${1_002_000 + r.id}`,
  },
  kucoin: {
    /** Classic fills carry 24-hex trade ids, HF fills numeric ones. */
    trade: (t: MockTrade) => `5c35c027${t.id.toString(16).padStart(16, "0")}`,
    hfTrade: (t: MockTrade) => String(616_179_312_641 + t.id),
    /** Deposits have no id: `walletTxId` (hash@address@index) names them. */
    deposit: (d: MockTransfer) => `${d.txId.slice(2)}@${d.address}@0`,
    withdrawal: (w: MockTransfer) => `63564dbb${w.id.toString(16).padStart(16, "0")}`,
    reward: (r: MockReward) => `611a1e7c${r.id.toString(16).padStart(16, "0")}`,
    /** The Instant Exchange order id both ledger legs name in their context. */
    conversion: (c: MockConversion) => `6705f635${c.id.toString(16).padStart(16, "0")}`,
  },
  gemini: {
    trade: (t: MockTrade) => String(t.id),
    deposit: (d: MockTransfer) => String(300_000 + d.id),
    withdrawal: (w: MockTransfer) => String(400_000 + w.id),
    /** Staking history `transactionId` (8 characters, like MPZ7LDD8). */
    reward: (r: MockReward) => `S${r.id.toString(36).toUpperCase().padStart(7, "0")}`,
  },
  // Bitstamp numbers every user transaction in one sequence that grows with time (since_id pages by it).
  bitstamp: {
    trade: (t: MockTrade) => String(t.time * 1000 + (t.id % 500)),
    deposit: (d: MockTransfer) => String(d.time * 1000 + 500 + (d.id % 100)),
    withdrawal: (w: MockTransfer) => String(w.time * 1000 + 600 + (w.id % 100)),
    reward: (r: MockReward) => String(r.time * 1000 + 700 + (r.id % 100)),
  },
} as const;
