import ccxt, { type Exchange } from "ccxt";
import { EXCHANGE_IDS, isExchangeId, type ExchangeId } from "../exchanges/catalog";
import { createExchangeClient, mockBaseUrlFromEnv } from "../exchanges/client";
import { dec, enablePreciseNumbers } from "../exchanges/sync/precise";
import { INTERVAL_MS, type Candle, type Interval } from "./candle-store";

/**
 * Historical candles from exchanges' public OHLCV endpoints through ccxt (`fetchOHLCV`; no API key).
 *
 * Configuration (for the README):
 *
 *   LOTWISE_PRICE_SOURCES   Exchanges to take historical market prices from, most preferred first,
 *                           comma-separated ccxt ids. Default: kraken,coinbase,bitstamp,binance.
 *                           Any of: binance, coinbase, kraken, okx, bybit, kucoin, gemini, bitstamp.
 *                           "none" turns market prices off (only the rows' own fiat and manual
 *                           prices are used). Only public endpoints are called; no key is sent.
 *   LOTWISE_EXCHANGE_MOCK_URL  (tests) serve every source from the loopback mock exchange.
 *
 * Why these choices:
 * - Amounts stay exact: the client is switched to ccxt's precise mode (`exchange.number = String`,
 *   lib/exchanges/sync/precise.ts), so each OHLCV value arrives as the exchange's decimal string and
 *   goes straight into Decimal; an exchange that sends JSON numbers gives ccxt a number, converted
 *   from its shortest round-trip form (`dec`).
 * - Rate limits: ccxt's throttle (`enableRateLimit`, `rateLimit` ms per request) stays on for real
 *   exchanges; `createExchangeClient` turns it off only against the loopback mock. Requests of one
 *   source are made one after another; throttling, rate-limit and network errors are retried with
 *   backoff (notes exchange-apis.md, "Retry policy": NetworkError subclasses are retryable, the rest not).
 * - Pagination: never trust one call to return the whole range (notes style.md, ccxt #5861, #8327):
 *   pages of the exchange's own maximum (`features.spot.fetchOHLCV.limit`: binance 1000, kraken 720,
 *   coinbase 300, bitstamp 1000), each starting after the last candle received, until the range is done.
 * - Kraken serves only the 720 most recent candles of an interval whatever `since` says (Kraken REST
 *   "Get OHLC Data": "Returns up to 720 of the most recent entries (older data cannot be retrieved,
 *   regardless of the value of since)"), so `lookbackCandles` lets the warm-up skip asking for older ones.
 * - Only closed candles are returned: a running candle's close is the price now, not a close.
 */

export const PRICE_SOURCES_ENV = "LOTWISE_PRICE_SOURCES";
export const DEFAULT_PRICE_SOURCES: readonly ExchangeId[] = ["kraken", "coinbase", "bitstamp", "binance"];

/** Parses LOTWISE_PRICE_SOURCES; an unknown id is a configuration error, thrown so it is seen at startup. */
export function priceSourcesFromEnv(env: Readonly<Record<string, string | undefined>>): ExchangeId[] {
  const raw = env[PRICE_SOURCES_ENV]?.trim();
  if (!raw) return [...DEFAULT_PRICE_SOURCES];
  if (raw.toLowerCase() === "none") return [];
  const ids = raw
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== "");
  const unknown = ids.filter((id) => !isExchangeId(id));
  if (unknown.length > 0) throw new Error(`${PRICE_SOURCES_ENV}: unknown exchange ${unknown.map((u) => `"${u}"`).join(", ")} (expected a comma-separated list of ${EXCHANGE_IDS.join(", ")}, or "none")`);
  return [...new Set(ids as ExchangeId[])];
}

export interface OhlcvSource {
  /** Source id as recorded with candles and shown in the audit trail ("kraken"). */
  readonly id: string;
  /** Candles per request. */
  readonly pageLimit: number;
  /** The source only serves this many most recent candles of an interval (Kraken: 720); null: no limit. */
  readonly lookbackCandles: number | null;
  /** Whether the source lists the market (unified symbol "ETH/BTC"). */
  listsMarket(pair: string): Promise<boolean>;
  /** Closed candles with open time in [fromMs, toMs], ascending, fetched page by page. */
  fetchCandles(pair: string, interval: Interval, fromMs: number, toMs: number): Promise<Candle[]>;
  /** OHLCV requests made so far (market loads not counted). */
  readonly requests: number;
}

export interface CcxtOhlcvSourceOptions {
  /** Loopback mock exchange (tests, e2e); see `mockBaseUrlFromEnv`. */
  mockBaseUrl?: string;
  timeoutMs?: number;
  /** Attempts per request on retryable errors (default 4) and the first backoff (default 1 s, doubling). */
  retry?: { attempts?: number; baseDelayMs?: number };
  /** Clock for the closed-candle cut-off (default Date.now). */
  now?: () => number;
  /** Injected in tests. */
  sleep?: (ms: number) => Promise<void>;
}

const LOOKBACK: Partial<Record<ExchangeId, number>> = { kraken: 720 };
const DEFAULT_PAGE = 500;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** ccxt timeframe strings are the same as our interval names ("1h", "1d") on every supported exchange. */
function timeframe(interval: Interval): string {
  return interval;
}

export function ccxtOhlcvSource(exchangeId: ExchangeId, opts: CcxtOhlcvSourceOptions = {}): OhlcvSource {
  let client: Exchange | null = null;
  let markets: Promise<Exchange> | null = null;
  let requests = 0;
  const attempts = Math.max(1, opts.retry?.attempts ?? 4);
  const baseDelay = opts.retry?.baseDelayMs ?? 1000;
  const sleep = opts.sleep ?? defaultSleep;
  const now = opts.now ?? Date.now;

  // Created on first use: a computation answered from the cache builds no client and calls nothing.
  const getClient = (): Exchange => {
    if (!client) {
      client = createExchangeClient(exchangeId, { apiKey: "", secret: "" }, { mockBaseUrl: opts.mockBaseUrl, timeoutMs: opts.timeoutMs });
      enablePreciseNumbers(client);
    }
    return client;
  };

  async function withRetry<T>(call: () => Promise<T>): Promise<T> {
    for (let i = 1; ; i++) {
      try {
        return await call();
      } catch (e) {
        if (!(e instanceof ccxt.NetworkError) || i >= attempts) throw e;
        await sleep(baseDelay * 2 ** (i - 1));
      }
    }
  }

  const loaded = (): Promise<Exchange> => {
    if (!markets) {
      const ex = getClient();
      markets = withRetry(() => ex.loadMarkets()).then(() => ex);
      // A failed load is not remembered: the next warm-up tries again.
      markets.catch(() => {
        markets = null;
      });
    }
    return markets;
  };

  const pageLimit = (): number => {
    const features = getClient().features as { spot?: { fetchOHLCV?: { limit?: unknown } } } | undefined;
    const limit = features?.spot?.fetchOHLCV?.limit;
    return typeof limit === "number" && Number.isInteger(limit) && limit > 0 ? limit : DEFAULT_PAGE;
  };

  return {
    id: exchangeId,
    get pageLimit() {
      return pageLimit();
    },
    lookbackCandles: LOOKBACK[exchangeId] ?? null,
    get requests() {
      return requests;
    },
    async listsMarket(pair) {
      const ex = await loaded();
      return Object.prototype.hasOwnProperty.call(ex.markets ?? {}, pair);
    },
    async fetchCandles(pair, interval, fromMs, toMs) {
      const ex = await loaded();
      const len = INTERVAL_MS[interval];
      const page = pageLimit();
      const closedBefore = now();
      const out: Candle[] = [];
      let since = Math.ceil(fromMs / len) * len;
      // Each page must move forward; the bound only guards against a source that ignores `since`.
      const maxPages = Math.ceil((toMs - since) / len / page) + 3;
      for (let pages = 0; since <= toMs && pages < maxPages; pages++) {
        const limit = Math.min(page, Math.floor((toMs - since) / len) + 1);
        requests++;
        const at = since;
        const rows = await withRetry(() => ex.fetchOHLCV(pair, timeframe(interval), at, limit));
        let last = -Infinity;
        for (const row of rows) {
          const c = toCandle(row, len);
          if (!c) continue;
          if (c.openTime > last) last = c.openTime;
          if (c.openTime < since || c.openTime > toMs || c.openTime + len > closedBefore) continue;
          out.push(c);
        }
        if (last < since) break; // nothing at or after `since`: the range is done
        since = last + len;
      }
      // Pages never overlap (each starts after the last candle), but keep the answer strictly ascending anyway.
      out.sort((a, b) => a.openTime - b.openTime);
      return out.filter((c, i) => i === 0 || c.openTime !== (out[i - 1] as Candle).openTime);
    },
  };
}

/** One ccxt OHLCV row [time, open, high, low, close, volume] (values strings in precise mode) to a candle; null if malformed or misaligned. */
function toCandle(row: readonly unknown[], len: number): Candle | null {
  const t = row[0];
  if (typeof t !== "number" || !Number.isSafeInteger(t) || t % len !== 0) return null;
  const open = dec(row[1]);
  const high = dec(row[2]);
  const low = dec(row[3]);
  const close = dec(row[4]);
  if (!open || !high || !low || !close || !close.isFinite() || close.isNeg() || close.isZero()) return null;
  return { openTime: t, open, high, low, close };
}

/** The configured sources, in preference order. */
export function createOhlcvSources(ids: readonly ExchangeId[], opts: CcxtOhlcvSourceOptions = {}): OhlcvSource[] {
  return ids.map((id) => ccxtOhlcvSource(id, opts));
}

/** The sources LOTWISE_PRICE_SOURCES names, served by the mock when LOTWISE_EXCHANGE_MOCK_URL is set (tests, e2e). */
export function ohlcvSourcesFromEnv(env: Readonly<Record<string, string | undefined>>, opts: Omit<CcxtOhlcvSourceOptions, "mockBaseUrl"> = {}): OhlcvSource[] {
  return createOhlcvSources(priceSourcesFromEnv(env), { ...opts, mockBaseUrl: mockBaseUrlFromEnv(env) });
}
