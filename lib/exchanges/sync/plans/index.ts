import type { ExchangeId } from "../../catalog";
import type { ExchangePlan } from "../plan";
import { binancePlan } from "./binance";
import { bitstampPlan } from "./bitstamp";
import { bybitPlan } from "./bybit";
import { coinbasePlan } from "./coinbase";
import { geminiPlan } from "./gemini";
import { krakenPlan } from "./kraken";
import { kucoinPlan } from "./kucoin";
import { okxPlan } from "./okx";

/**
 * One history plan per exchange; each file says which endpoint feeds which
 * kind of row and which history the API cannot give (import the CSV):
 *
 *   binance   trades per symbol (fromId) · capital deposits/withdrawals (90-day windows) · asset dividends (income)
 *             · Convert trade flow (30-day windows) · dust-to-BNB log (90-day windows)
 *   coinbase  Advanced Trade fills (cursor) · v2 transactions per wallet (deposits, withdrawals, staking, interest,
 *             app buys/sells/converts paired across wallets)
 *   kraken    TradesHistory · Ledgers (deposits, withdrawals, staking/earn/dividends, spend/receive pairs), newest first with ofs
 *   okx       fills-history (last 3 months) · deposit/withdrawal history · funding bills (staking yield)
 *   bybit     executions (7-day windows, 2 years) · deposit/withdrawal records (30-day windows) · UTA log bonuses
 *             · Earn yield (Flexible Savings, 3 months, keys with the Earn permission)
 *   kucoin    fills (7-day windows; per symbol on HF accounts) · deposits/withdrawals (30-day windows)
 *             · account ledger (24-hour windows, 1 year: rewards, Instant Exchange pairs)
 *   gemini    mytrades per symbol · transfers · staking history (interest)
 *   bitstamp  user_transactions (since_id): trades, deposits, withdrawals, staking rewards
 *
 * Conversions whose two legs arrive as two rows (Kraken spend/receive, KuCoin
 * Instant Exchange, Coinbase app buys/sells/converts) are handed to the
 * driver as legs (types.ts `Leg`) and stored as one trade row. What the API
 * cannot give is listed per exchange in limitations.ts.
 */
export const PLANS: Readonly<Partial<Record<ExchangeId, ExchangePlan>>> = {
  binance: binancePlan,
  coinbase: coinbasePlan,
  kraken: krakenPlan,
  kucoin: kucoinPlan,
  okx: okxPlan,
  bybit: bybitPlan,
  gemini: geminiPlan,
  bitstamp: bitstampPlan,
};

/** Exchanges whose history can be synced through the API (the UI offers "Sync" only for these). */
export const SYNC_EXCHANGES: readonly ExchangeId[] = Object.keys(PLANS) as ExchangeId[];

export { SYNC_LIMITATIONS, syncLimitations, type SyncLimitation } from "../limitations";
