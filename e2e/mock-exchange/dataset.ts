import Decimal from "decimal.js";
import { prng } from "../../lib/prng";

/**
 * What a mock account holds. One dataset per API key (`state.setDataset`),
 * else the default. Amounts are decimal strings, codes are ccxt's unified
 * currency codes; each exchange module translates to its own ids (XXBT, ...)
 * and serves the history lists with that exchange's pagination (cursor,
 * offset, id or time window).
 *
 * History rows are exchange-neutral: `id` is a positive integer, unique per
 * list and increasing with time; each exchange module derives its own id
 * format from it (Kraken `T…`/`L…` txids, OKX bill ids, Coinbase UUIDs), and
 * `e2e/mock-exchange/history-ids.ts` says how, so tests can predict the
 * external ids a sync must produce.
 *
 * Sign conventions (the same ones `impliedBalances` in lib/exchanges/sync uses):
 * - trade: buy gives +amount base and -(cost + fee) quote; sell gives
 *   -amount base and +(cost - fee) quote; the fee is always in the quote.
 * - deposit: +amount (the fee, if any, was taken before crediting: amount is net).
 * - withdrawal: -(amount + fee), both in the withdrawn currency.
 * - reward: +amount.
 * - conversion: -fromAmount in `from`; +(toAmount - fee) in `to` (the fee is
 *   charged in the received asset). Each exchange shows it its own way: two
 *   ledger legs (Kraken spend/receive, KuCoin Instant Exchange), two wallet
 *   transactions (Coinbase buy/sell/trade), one record (Binance Convert,
 *   which folds the fee into the rate; dust to BNB, with a service charge).
 */
export interface MockBalance {
  free: string;
  used: string;
}

export interface MockTrade {
  id: number;
  /** Epoch ms. Fills of one order share an instant (every 10th fill repeats the previous one's time). */
  time: number;
  /** Unified symbol, e.g. "BTC/USDT". */
  symbol: string;
  side: "buy" | "sell";
  /** Base quantity. */
  amount: string;
  price: string;
  /** amount × price, exact. */
  cost: string;
  /** Always in the quote currency. */
  fee: string;
  orderId: number;
  maker: boolean;
}

export interface MockTransfer {
  id: number;
  time: number;
  currency: string;
  amount: string;
  fee: string;
  network: string;
  address: string;
  txId: string;
}

export interface MockReward {
  id: number;
  time: number;
  currency: string;
  amount: string;
  type: "staking" | "interest";
}

export interface MockConversion {
  id: number;
  time: number;
  /** "convert": a Convert / instant exchange / app buy or sell; "dust": small balances swept into BNB (Binance). */
  kind: "convert" | "dust";
  /** Dust sweeps of several assets share one operation (Binance transId): the first detail's id. Else the row's id. */
  batch: number;
  from: string;
  fromAmount: string;
  to: string;
  /** Gross, before the fee. */
  toAmount: string;
  /** In `to`; credited = toAmount - fee. */
  fee: string;
}

/** Account traits some mocks model (absent = the common case). */
export interface MockAccountFlags {
  /** KuCoin: the account was upgraded to high-frequency trading (ccxt then reads /api/v1/hf/fills per symbol). */
  kucoinHf?: boolean;
  /** Bybit: /v5/earn/yield answers (Bybit requires the key's Earn permission); otherwise it answers 10005. */
  bybitEarn?: boolean;
}

export interface MockDataset {
  balances: Record<string, MockBalance>;
  trades?: MockTrade[];
  deposits?: MockTransfer[];
  withdrawals?: MockTransfer[];
  rewards?: MockReward[];
  conversions?: MockConversion[];
  flags?: MockAccountFlags;
}

export function defaultDataset(): MockDataset {
  return {
    balances: {
      BTC: { free: "0.5", used: "0" },
      ETH: { free: "2.25", used: "0.25" },
      USD: { free: "1000", used: "0" },
      USDT: { free: "150.5", used: "0" },
    },
  };
}

export function total(b: MockBalance): string {
  return new Decimal(b.free).plus(b.used).toFixed();
}

// ---------------------------------------------------------------------------
// Deterministic generator

export interface GenerateDatasetOptions {
  seed?: number;
  /** Number of trades (fills). */
  trades?: number;
  /** Unified symbols the account trades; every one must exist on the exchange being mocked. */
  markets?: readonly string[];
  /** Deposits besides the opening deposit of each asset (those come first, at `start`). */
  deposits?: number;
  withdrawals?: number;
  rewards?: number;
  /** Conversions between the account's assets (two-leg or one-record, per exchange). Default 0. */
  conversions?: number;
  /** Binance dust sweeps to BNB (details; two per operation). Default 0. */
  dust?: number;
  flags?: MockAccountFlags;
  /** Epoch ms of the first row. Default: 61 days before today 00:00 UTC. */
  start?: number;
  /** Epoch ms after the last row. Default: 1 day before today 00:00 UTC (inside OKX's 3-month fills window). */
  end?: number;
}

const DAY = 86_400_000;

/** Approximate USD prices that scale the generated amounts (not the OHLCV series). */
const USD_PRICE: Record<string, number> = { BTC: 30_000, ETH: 2_000, SOL: 100, USDT: 1, USDC: 1, USD: 1, EUR: 1.08, GBP: 1.27 };
const QUOTE_DECIMALS: Record<string, number> = { BTC: 6, ETH: 5 };
const REWARD_ASSETS = ["ETH", "SOL", "USDT", "BTC"] as const;


function utcDayStart(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

function splitSymbol(symbol: string): [string, string] {
  const [base, quote] = symbol.split("/");
  if (!base || !quote) throw new Error(`Not a unified symbol: ${symbol}`);
  return [base, quote];
}

function usd(asset: string): number {
  return USD_PRICE[asset] ?? 10;
}

/** A decimal string with at most `dp` places from a float in the generator (never from user data). */
function fixed(x: number, dp: number): string {
  return new Decimal(x.toFixed(dp)).toFixed();
}

export function generateDataset(opts: GenerateDatasetOptions = {}): MockDataset {
  const today = utcDayStart(Date.now());
  const start = opts.start ?? today - 61 * DAY;
  const end = opts.end ?? today - DAY;
  const ds: MockDataset = { balances: {}, trades: [], deposits: [], withdrawals: [], rewards: [], conversions: [], ...(opts.flags ? { flags: opts.flags } : {}) };
  appendRows(ds, { ...opts, start, end, opening: true });
  return ds;
}

export interface AppendRowsOptions {
  seed?: number;
  trades?: number;
  markets?: readonly string[];
  deposits?: number;
  withdrawals?: number;
  rewards?: number;
  conversions?: number;
  dust?: number;
  /** Epoch ms; default: just after the dataset's newest row. */
  start?: number;
  /** Epoch ms; default: now (new rows must be newer than any earlier sync's upper bound). */
  end?: number;
}

/**
 * Adds newer rows to a dataset in place (the incremental-sync test: the
 * exchange gained history since the last sync) and recomputes the balances.
 * Ids continue from the dataset's highest ids. Outflows are sized small and
 * the opening deposits large, so balances never go negative.
 */
export function appendRows(ds: MockDataset, opts: AppendRowsOptions & { opening?: boolean }): MockDataset {
  const trades = (ds.trades ??= []);
  const deposits = (ds.deposits ??= []);
  const withdrawals = (ds.withdrawals ??= []);
  const rewards = (ds.rewards ??= []);
  const conversions = (ds.conversions ??= []);
  const rnd = prng(opts.seed ?? 1);
  const markets = opts.markets ?? marketsOf(trades) ?? ["BTC/USDT", "ETH/USDT", "ETH/BTC"];
  const newest = Math.max(0, ...[trades, deposits, withdrawals, rewards, conversions].map((l) => l.at(-1)?.time ?? 0));
  const start = opts.start ?? newest + 1;
  const end = opts.end ?? Date.now();
  if (end <= start) throw new Error("appendRows: empty time range");
  const span = end - start;
  const at = (f: number) => start + Math.floor(f * (span - 1));
  const assets = [...new Set(markets.flatMap(splitSymbol))].sort();
  const next = (list: readonly { id: number }[], floor: number) => Math.max(floor, (list.at(-1)?.id ?? floor - 1) + 1);

  let tradeId = next(trades, 100_000);
  let depositId = next(deposits, 7_000);
  let withdrawalId = next(withdrawals, 8_000);
  let rewardId = next(rewards, 9_000);

  // Opening deposits: one per asset, first in the range, large enough to fund every later outflow.
  if (opts.opening) {
    assets.forEach((asset, i) => {
      const fund = Math.max(5_000_000, 600 * (opts.trades ?? 0));
      deposits.push(transfer(depositId++, Math.ceil(start / 1000) * 1000 + i * 1000, asset, fixed(fund / usd(asset), 8), "0", rnd));
    });
  }

  const newTrades: MockTrade[] = [];
  const n = opts.trades ?? 0;
  let lastTime = opts.opening ? Math.ceil(start / 1000) * 1000 + assets.length * 1000 : start;
  let orderId = trades.at(-1)?.orderId ?? 500_000;
  for (let i = 0; i < n; i++) {
    const symbol = markets[Math.floor(rnd() * markets.length)] as string;
    const [base, quote] = splitSymbol(symbol);
    // Every 10th fill is a second fill of the previous order, at the same instant.
    const sameOrder = i > 0 && i % 10 === 0;
    const time = sameOrder ? lastTime : Math.min(end - 1, Math.max(lastTime + 1, at((i + rnd()) / n)));
    lastTime = time;
    if (!sameOrder) orderId++;
    const dp = QUOTE_DECIMALS[quote] ?? 2;
    const price = new Decimal(fixed((usd(base) / usd(quote)) * (0.95 + 0.1 * rnd()), dp));
    const amount = new Decimal(fixed((50 + 450 * rnd()) / usd(base), 6)).plus("0.000001");
    const cost = amount.mul(price);
    const fee = cost.mul("0.001").toDecimalPlaces(8, Decimal.ROUND_UP);
    newTrades.push({
      id: tradeId++,
      time,
      symbol,
      side: rnd() < 0.5 ? "buy" : "sell",
      amount: amount.toFixed(),
      price: price.toFixed(),
      cost: cost.toFixed(),
      fee: fee.toFixed(),
      orderId,
      maker: rnd() < 0.3,
    });
  }
  trades.push(...newTrades);

  // Transfers and rewards carry whole seconds: several exchanges (Binance applyTime, Bitstamp, Coinbase v2) print no milliseconds.
  const firstSecond = Math.ceil(start / 1000) * 1000 + (opts.opening ? assets.length * 1000 : 0);
  const times = (count: number) =>
    Array.from({ length: count }, () => Math.floor(at(rnd()) / 1000) * 1000)
      .map((t) => Math.min(Math.max(t, firstSecond), end - 1))
      .sort((a, b) => a - b);
  for (const time of times(opts.deposits ?? 0)) {
    const asset = assets[Math.floor(rnd() * assets.length)] as string;
    deposits.push(transfer(depositId++, time, asset, fixed((100 + 900 * rnd()) / usd(asset), 8), "0", rnd));
  }
  for (const time of times(opts.withdrawals ?? 0)) {
    const asset = assets[Math.floor(rnd() * assets.length)] as string;
    withdrawals.push(transfer(withdrawalId++, time, asset, fixed((20 + 200 * rnd()) / usd(asset), 8), fixed(1 / usd(asset), 8), rnd));
  }
  for (const time of times(opts.rewards ?? 0)) {
    const asset = REWARD_ASSETS[Math.floor(rnd() * REWARD_ASSETS.length)] as string;
    rewards.push({ id: rewardId++, time, currency: asset, amount: fixed((0.01 + rnd()) / usd(asset), 8), type: asset === "USDT" || asset === "BTC" ? "interest" : "staking" });
  }
  // Conversions come last so that datasets without them keep the same rows as before.
  let conversionId = next(conversions, 6_000);
  for (const time of times(opts.conversions ?? 0)) {
    const from = assets[Math.floor(rnd() * assets.length)] as string;
    const others = assets.filter((a) => a !== from);
    const to = others[Math.floor(rnd() * others.length)] as string;
    const fromAmount = new Decimal(fixed((20 + 300 * rnd()) / usd(from), 8));
    const toAmount = fromAmount.mul(usd(from) / usd(to)).toDecimalPlaces(8, Decimal.ROUND_DOWN);
    // Every 4th conversion is free (Binance-style rate spread, Kraken promos): a zero fee must not become a fee row.
    const fee = conversionId % 4 === 0 ? new Decimal(0) : toAmount.mul("0.001").toDecimalPlaces(8, Decimal.ROUND_UP);
    conversions.push({ id: conversionId, time, kind: "convert", batch: conversionId, from, fromAmount: fromAmount.toFixed(), to, toAmount: toAmount.toFixed(), fee: fee.toFixed() });
    conversionId++;
  }
  const dustTimes = times(Math.ceil((opts.dust ?? 0) / 2));
  for (let i = 0; i < (opts.dust ?? 0); i++) {
    const time = dustTimes[Math.floor(i / 2)] as number;
    // One sweep takes each asset once.
    const previous = i % 2 === 1 ? conversions.at(-1)?.from : undefined;
    const pool = assets.filter((a) => a !== previous);
    const from = pool[Math.floor(rnd() * pool.length)] as string;
    const fromAmount = new Decimal(fixed((0.5 + 4 * rnd()) / usd(from), 8));
    const toAmount = fromAmount.mul(usd(from) / 600).toDecimalPlaces(8, Decimal.ROUND_DOWN).plus("0.00000001");
    const fee = toAmount.mul("0.02").toDecimalPlaces(8, Decimal.ROUND_DOWN);
    const batch = i % 2 === 0 ? conversionId : (conversions.at(-1)?.batch ?? conversionId);
    conversions.push({ id: conversionId++, time, kind: "dust", batch, from, fromAmount: fromAmount.toFixed(), to: "BNB", toAmount: toAmount.toFixed(), fee: fee.toFixed() });
  }
  for (const list of [deposits, withdrawals, rewards, conversions]) list.sort((a, b) => a.time - b.time || a.id - b.id);
  ds.balances = balancesOf(ds);
  return ds;
}

function transfer(id: number, time: number, currency: string, amount: string, fee: string, rnd: () => number): MockTransfer {
  const hex = Array.from({ length: 64 }, () => Math.floor(rnd() * 16).toString(16)).join("");
  return { id, time, currency, amount, fee, network: currency === "BTC" ? "BTC" : "ETH", address: `addr-${currency.toLowerCase()}-${id}`, txId: `0x${hex}` };
}

function marketsOf(trades: readonly MockTrade[]): string[] | undefined {
  const set = new Set(trades.map((t) => t.symbol));
  return set.size > 0 ? [...set].sort() : undefined;
}

/** Per-asset totals implied by the history rows (see the sign conventions at the top). */
export function balancesOf(ds: MockDataset): Record<string, MockBalance> {
  const sums = new Map<string, Decimal>();
  const add = (asset: string, d: Decimal) => sums.set(asset, (sums.get(asset) ?? new Decimal(0)).plus(d));
  for (const t of ds.trades ?? []) {
    const [base, quote] = splitSymbol(t.symbol);
    const sign = t.side === "buy" ? 1 : -1;
    add(base, new Decimal(t.amount).mul(sign));
    add(quote, new Decimal(t.cost).mul(-sign));
    add(quote, new Decimal(t.fee).neg());
  }
  for (const d of ds.deposits ?? []) add(d.currency, new Decimal(d.amount));
  for (const w of ds.withdrawals ?? []) add(w.currency, new Decimal(w.amount).plus(w.fee).neg());
  for (const r of ds.rewards ?? []) add(r.currency, new Decimal(r.amount));
  for (const c of ds.conversions ?? []) {
    add(c.from, new Decimal(c.fromAmount).neg());
    add(c.to, new Decimal(c.toAmount).minus(c.fee));
  }
  const out: Record<string, MockBalance> = {};
  for (const [asset, sum] of [...sums].sort(([a], [b]) => a.localeCompare(b))) out[asset] = { free: sum.toFixed(), used: "0" };
  return out;
}
