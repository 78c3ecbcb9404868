import type { ExchangeId } from "../../catalog";
import type { ExchangePlan } from "../plan";
import { binancePlan } from "./binance";
import { bitstampPlan } from "./bitstamp";
import { bybitPlan } from "./bybit";
import { coinbasePlan } from "./coinbase";
import { geminiPlan } from "./gemini";
import { krakenPlan } from "./kraken";
import { okxPlan } from "./okx";

/**
 * One history plan per exchange; each file says which endpoint feeds which
 * kind of row and which history the API cannot give (import the CSV):
 *
 *   binance   trades per symbol (fromId) · capital deposits/withdrawals (90-day windows) · asset dividends (income)
 *   coinbase  Advanced Trade fills (cursor) · v2 transactions per wallet (deposits, withdrawals, staking, interest)
 *   kraken    TradesHistory · Ledgers (deposits, withdrawals, staking/earn/dividends), newest first with ofs
 *   okx       fills-history (last 3 months) · deposit/withdrawal history · funding bills (staking yield)
 *   bybit     executions (7-day windows, 2 years) · deposit/withdrawal records (30-day windows) · UTA log bonuses
 *   gemini    mytrades per symbol · transfers; no staking/earn in the API
 *   bitstamp  user_transactions (since_id): trades, deposits, withdrawals, staking rewards
 *
 * KuCoin has none yet: its ccxt path switches between classic, high-frequency
 * and unified accounts, and the fills/ledger window limits still need to be
 * checked against KuCoin's docs (notes, "KuCoin"). Until then a KuCoin sync
 * stops with SyncError "unsupported" and users import the CSV export.
 */
export const PLANS: Readonly<Partial<Record<ExchangeId, ExchangePlan>>> = {
  binance: binancePlan,
  coinbase: coinbasePlan,
  kraken: krakenPlan,
  okx: okxPlan,
  bybit: bybitPlan,
  gemini: geminiPlan,
  bitstamp: bitstampPlan,
};

/** Exchanges whose history can be synced through the API (the UI offers "Sync" only for these). */
export const SYNC_EXCHANGES: readonly ExchangeId[] = Object.keys(PLANS) as ExchangeId[];
