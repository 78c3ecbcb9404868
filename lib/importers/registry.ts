import binanceStatement from "./binance-statement";
import binanceTradeHistory from "./binance-trade-history";
import binanceTradeHistoryLegacy from "./binance-trade-history-legacy";
import bitstampTransactions from "./bitstamp-transactions";
import bitstampTransactionsLegacy from "./bitstamp-transactions-legacy";
import bybitFundingHistory from "./bybit-funding-history";
import coinbaseAdvancedFills from "./coinbase-advanced-fills";
import coinbaseProAccount from "./coinbase-pro-account";
import coinbaseTransactions from "./coinbase-transactions";
import coinbaseTransactionsLegacy from "./coinbase-transactions-legacy";
import cryptocomApp from "./cryptocom-app";
import geminiTransactions from "./gemini-transactions";
import { Header } from "./header";
import krakenLedgers from "./kraken-ledgers";
import krakenTrades from "./kraken-trades";
import kucoinDepositsWithdrawals from "./kucoin-deposits-withdrawals";
import kucoinSpotOrders from "./kucoin-spot-orders";
import kucoinTradeHistory2019 from "./kucoin-trade-history-2019";
import kucoinTradeHistory2022 from "./kucoin-trade-history-2022";
import okxFundingAccount from "./okx-funding-account";
import okxTradingAccount from "./okx-trading-account";
import type { Importer } from "./types";
import universal from "./universal";

/**
 * Every supported export, most specific signature first: the first importer whose identifying
 * columns are all in the header wins. A newer layout goes above the older one it extends
 * (Coinbase 2024 has everything the legacy signature lacks plus `ID`).
 */
export const IMPORTERS: readonly Importer[] = [
  coinbaseTransactions,
  coinbaseTransactionsLegacy,
  coinbaseAdvancedFills,
  coinbaseProAccount,
  binanceStatement,
  binanceTradeHistory,
  binanceTradeHistoryLegacy,
  krakenLedgers,
  krakenTrades,
  geminiTransactions,
  kucoinSpotOrders,
  kucoinDepositsWithdrawals,
  kucoinTradeHistory2022,
  kucoinTradeHistory2019,
  bybitFundingHistory,
  okxTradingAccount,
  okxFundingAccount,
  cryptocomApp,
  bitstampTransactions,
  bitstampTransactionsLegacy,
  universal,
];

export const SUPPORTED_FORMATS: { id: string; name: string; exchange: string }[] = IMPORTERS.map((i) => ({ id: i.id, name: i.name, exchange: i.exchange }));

export function detectFormat(headers: readonly string[]): { ok: true; importer: Importer } | { ok: false; candidates: string[] } {
  const header = new Header(headers);
  const importer = IMPORTERS.find((i) => i.detect(header));
  return importer ? { ok: true, importer } : { ok: false, candidates: closestFormats(headers).map((c) => c.id) };
}

/** Formats sharing at least half of the columns they need with these headers, best first. */
export function closestFormats(headers: readonly string[]): { id: string; name: string; missing: string[] }[] {
  const header = new Header(headers);
  return IMPORTERS.map((i) => {
    const missing = i.missing(header);
    const needed = i.missing(new Header([])).length;
    return { id: i.id, name: `${i.exchange} ${i.name}`, missing, score: needed === 0 ? 0 : 1 - missing.length / needed };
  })
    .filter((c) => c.score >= 0.5 && c.missing.length > 0)
    .sort((a, b) => b.score - a.score)
    .map(({ id, name, missing }) => ({ id, name, missing }));
}
