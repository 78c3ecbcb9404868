import Decimal from "decimal.js";

/**
 * Deterministic public price series for the mock exchanges' OHLCV routes
 * (binance `/api/v3/klines`, kraken `/0/public/OHLC`, coinbase
 * `/api/v3/brokerage/market/products/{id}/candles`, bitstamp `/api/v2/ohlc/{pair}/`).
 * No key needed; every request is logged with `category: "ohlcv"` in
 * `state.requests`, so a price-cache test can assert "no exchange call".
 *
 * FORMULA. Each asset has a USD price at instant t (epoch ms):
 *
 *   P_a(t) = B_a × (1 + A_a·sin(2π·t / 30d + φ_a) + (A_a / 5)·sin(2π·t / 1d + φ_a))
 *
 *   asset  B_a      A_a     φ_a
 *   BTC    30000    0.10    0
 *   ETH    2000     0.15    1
 *   SOL    100      0.20    2
 *   USDT   1        0.001   3
 *   EUR    1.08     0.02    4
 *   GBP    1.27     0.02    5
 *   USD    1        0       0      (the numeraire)
 *
 * A market BASE/QUOTE trades at P_BASE(t) / P_QUOTE(t). A candle of length Δ
 * opening at t (t a multiple of Δ since the epoch) has
 *   open  = price(t), close = price(min(t + Δ, now)),
 *   high  = max(open, close, price(t + Δ/2)) × 1.001,
 *   low   = min(open, close, price(t + Δ/2)) × 0.999,
 *   volume = 1000,
 * each rounded to 8 significant digits and served as the exchange's decimal
 * strings (or numbers where the exchange sends numbers). Candles exist for
 * every open time ≤ now; the last one is the running, not-yet-closed candle.
 * `ohlcvCandles` is exported so tests can compute the exact expected values.
 */

export const OHLCV_MARKETS = [
  "BTC/USD",
  "BTC/USDT",
  "ETH/USD",
  "ETH/USDT",
  "ETH/BTC",
  "USDT/USD",
  "GBP/USD",
  "EUR/USD",
  "ETH/EUR",
  "BTC/EUR",
  "BTC/GBP",
  "SOL/USD",
  "SOL/USDT",
] as const;

const DAY = 86_400_000;
const SERIES: Record<string, { base: number; amp: number; phase: number }> = {
  BTC: { base: 30_000, amp: 0.1, phase: 0 },
  ETH: { base: 2_000, amp: 0.15, phase: 1 },
  SOL: { base: 100, amp: 0.2, phase: 2 },
  USDT: { base: 1, amp: 0.001, phase: 3 },
  EUR: { base: 1.08, amp: 0.02, phase: 4 },
  GBP: { base: 1.27, amp: 0.02, phase: 5 },
  USD: { base: 1, amp: 0, phase: 0 },
};

function usdPrice(asset: string, t: number): number {
  const s = SERIES[asset];
  if (!s) throw new Error(`No mock price series for ${asset}`);
  const slow = Math.sin((2 * Math.PI * t) / (30 * DAY) + s.phase);
  const fast = Math.sin((2 * Math.PI * t) / DAY + s.phase);
  return s.base * (1 + s.amp * slow + (s.amp / 5) * fast);
}

/** Unrounded mid price of `symbol` at `t`. */
export function ohlcvPrice(symbol: string, t: number): number {
  const [base, quote] = symbol.split("/") as [string, string];
  return usdPrice(base, t) / usdPrice(quote, t);
}

export function hasOhlcvSeries(symbol: string): boolean {
  const [base, quote] = symbol.split("/");
  return base !== undefined && quote !== undefined && base in SERIES && quote in SERIES;
}

const sig = (x: number) => new Decimal(x.toPrecision(8)).toFixed();

export interface MockCandle {
  /** Open time, epoch ms. */
  time: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
}

/** Candles of `timeframeMs` for `symbol` whose open time is in [from, to] (and ≤ now), oldest first. */
export function ohlcvCandles(symbol: string, timeframeMs: number, from: number, to: number, now = Date.now()): MockCandle[] {
  const out: MockCandle[] = [];
  const first = Math.ceil(Math.max(0, from) / timeframeMs) * timeframeMs;
  const last = Math.min(to, now);
  for (let t = first; t <= last; t += timeframeMs) {
    const open = ohlcvPrice(symbol, t);
    const close = ohlcvPrice(symbol, Math.min(t + timeframeMs, now));
    const mid = ohlcvPrice(symbol, t + timeframeMs / 2);
    out.push({
      time: t,
      open: sig(open),
      high: sig(Math.max(open, close, mid) * 1.001),
      low: sig(Math.min(open, close, mid) * 0.999),
      close: sig(close),
      volume: "1000",
    });
  }
  return out;
}
