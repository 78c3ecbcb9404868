import Decimal from "decimal.js";
import { ledgerEntry, type LedgerEntry } from "../ledger/types";
import { DAY_MS, dayOf } from "../pricing/candle-store";
import { D } from "../tax/decimal";
import { demoPriceSeries, DEMO_ASSETS, type DemoAsset, type DemoCurrency } from "./prices";
import { hex, prng, seedOf } from "../prng";

/**
 * The demo portfolio offered on an empty dashboard: two years of a plausible ledger, up to `now`,
 * across two exchanges and a hardware wallet, with the daily prices it needs, so every page has
 * something to show even with market prices off.
 *
 * Deterministic: the prices have a fixed shape (prices.ts) and the ledger a fixed script with seeded
 * jitter, so the same `now` gives the same output, and any `now` gives the same story shifted in
 * time. Amounts follow the balances (the script never sells what an account does not hold, except
 * where it means to), so the engine finds exactly the problems the script plants:
 *
 * - unmatched-withdrawal: ETH sent from Kraken to an address that is none of the demo wallets;
 * - missing-cost-basis (and its negative-balance): a Kraken SOL sale of 3.5 SOL more than Kraken
 *   (and the whole demo) ever held, the last SOL event on Kraken, so the negative balance stays put;
 * - duplicate-suspect: one Coinbase staking reward imported twice.
 *
 * Everything else is clean: buys and sells carry their fiat leg and value in the reporting currency
 * (as exchange exports do), staking rewards their value, transfers between the demo wallets share a
 * tx hash; the price table prices the rest (crypto-to-crypto trades on Kraken, network fees).
 */

export const DEMO_WALLETS = {
  coinbase: { name: "Demo · Coinbase", exchange: "coinbase" },
  kraken: { name: "Demo · Kraken", exchange: "kraken" },
  ledger: { name: "Demo · Ledger", exchange: null },
} as const satisfies Record<string, { name: string; exchange: string | null }>;
type WalletKey = keyof typeof DEMO_WALLETS;

/** Length of the demo history in days, ending on the day of `now`. */
export const DEMO_DAYS = 730;
/** Prefix of every demo externalId. */
export const DEMO_ID_PREFIX = "demo-";
/** SOL sold on Kraken beyond what the demo ever held there (the planted missing cost basis). */
export const DEMO_SOL_SHORTFALL = "3.5";

export interface DemoOptions {
  now: Date;
  currency: DemoCurrency;
}

export interface DemoPrice {
  asset: string;
  currency: string;
  /** Midnight UTC: the close of that UTC day (a manual price applies to its whole day). */
  time: Date;
  price: Decimal;
}

export interface DemoPortfolio {
  wallets: { name: string; exchange: string | null }[];
  /** In time order; `entry.account` is the wallet's name. */
  entries: { wallet: string; entry: LedgerEntry }[];
  prices: DemoPrice[];
  description: string;
}

const DECIMALS: Record<DemoAsset, number> = { BTC: 8, ETH: 8, SOL: 8, USDC: 6 };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const down = (x: Decimal, dp: number) => x.toDecimalPlaces(dp, Decimal.ROUND_DOWN);
const cents = (x: Decimal) => x.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);

interface Task {
  ms: number;
  seq: number;
  run: (t: Date) => void;
}

export function generateDemoPortfolio(opts: DemoOptions): DemoPortfolio {
  const { currency } = opts;
  const nowMs = opts.now.getTime();
  if (!Number.isFinite(nowMs)) throw new RangeError("generateDemoPortfolio: `now` is not a valid date");
  const C = currency;
  const today = dayOf(nowMs);
  const startDay = today - DEMO_DAYS;
  const series = demoPriceSeries(DEMO_DAYS, currency);
  const jitter = prng(seedOf(0x5eed, "schedule"));
  const rng = prng(seedOf(0x5eed, "amounts"));

  const priceOf = (asset: DemoAsset, t: Date): Decimal => {
    const p = series[asset][dayOf(t.getTime()) - startDay];
    if (!p) throw new RangeError(`demo: no ${asset} price for ${t.toISOString()}`);
    return new D(p);
  };

  // --- the book: rows, balances per wallet and asset, ids ---
  const rows: { wallet: string; entry: LedgerEntry }[] = [];
  const balances = new Map<string, Decimal>();
  const counters = new Map<WalletKey, number>();
  const bal = (w: WalletKey, asset: string): Decimal => balances.get(`${w}\u0000${asset}`) ?? new D(0);
  const move = (w: WalletKey, asset: string, delta: Decimal, allowShort = false) => {
    const next = bal(w, asset).plus(delta);
    if (next.isNeg() && !allowShort) throw new Error(`demo script error: ${DEMO_WALLETS[w].name} would hold ${next.toFixed()} ${asset}`);
    balances.set(`${w}\u0000${asset}`, next);
  };
  const id = (w: WalletKey, what: string): string => {
    const n = (counters.get(w) ?? 0) + 1;
    counters.set(w, n);
    return `${DEMO_ID_PREFIX}${w}-${String(n).padStart(4, "0")}-${what}`;
  };
  const push = (w: WalletKey, entry: Omit<Parameters<typeof ledgerEntry>[0], "account">) => {
    const name = DEMO_WALLETS[w].name;
    rows.push({ wallet: name, entry: ledgerEntry({ ...entry, account: name }) });
  };

  // --- actions ---
  const depositFiat = (w: WalletKey, t: Date, amount: string) => {
    const a = new D(amount);
    move(w, C, a);
    push(w, { externalId: id(w, "deposit"), time: t, kind: "deposit", receivedAsset: C, receivedAmount: a, description: `${C} bank deposit` });
  };
  const withdrawFiat = (w: WalletKey, t: Date, amount: string) => {
    const a = new D(amount);
    move(w, C, a.neg());
    push(w, { externalId: id(w, "withdrawal"), time: t, kind: "withdrawal", sentAsset: C, sentAmount: a, description: `${C} withdrawal to bank` });
  };
  const buy = (w: WalletKey, asset: DemoAsset, t: Date, spend: string, feeRate: string, what = "buy") => {
    const s = new D(spend);
    const qty = down(s.div(priceOf(asset, t)), DECIMALS[asset]);
    const fee = cents(s.times(feeRate));
    move(w, C, s.plus(fee).neg());
    move(w, asset, qty);
    push(w, { externalId: id(w, what), time: t, kind: "buy", sentAsset: C, sentAmount: s, receivedAsset: asset, receivedAmount: qty, feeAsset: C, feeAmount: fee, fiatValue: s, fiatCurrency: C, description: `Bought ${asset}` });
  };
  const sell = (w: WalletKey, asset: DemoAsset, t: Date, qty: Decimal, feeRate: string, allowShort = false) => {
    if (!qty.gt(0)) return;
    const gross = cents(qty.times(priceOf(asset, t)));
    const fee = cents(gross.times(feeRate));
    move(w, asset, qty.neg(), allowShort);
    move(w, C, gross.minus(fee));
    push(w, {
      externalId: id(w, "sell"),
      time: t,
      kind: "sell",
      sentAsset: asset,
      sentAmount: qty,
      receivedAsset: C,
      receivedAmount: gross,
      ...(fee.gt(0) ? { feeAsset: C, feeAmount: fee } : {}),
      fiatValue: gross,
      fiatCurrency: C,
      description: `Sold ${asset}`,
    });
  };
  const trade = (w: WalletKey, from: DemoAsset, qty: Decimal, to: DemoAsset, t: Date, feeRate: string, withValue: boolean) => {
    if (!qty.gt(0)) return;
    const value = qty.times(priceOf(from, t));
    const got = down(value.div(priceOf(to, t)), DECIMALS[to]);
    const fee = down(got.times(feeRate), DECIMALS[to]);
    move(w, from, qty.neg());
    move(w, to, got.minus(fee));
    push(w, {
      externalId: id(w, "trade"),
      time: t,
      kind: "trade",
      sentAsset: from,
      sentAmount: qty,
      receivedAsset: to,
      receivedAmount: got,
      ...(fee.gt(0) ? { feeAsset: to, feeAmount: fee } : {}),
      ...(withValue ? { fiatValue: cents(value), fiatCurrency: C } : {}),
      description: withValue ? `Converted ${from} to ${to}` : `Traded ${from} for ${to}`,
    });
  };
  const stake = (w: WalletKey, asset: DemoAsset, t: Date, apr: string, duplicate = false) => {
    const reward = down(bal(w, asset).times(apr).div(12), DECIMALS[asset]);
    if (!reward.gt(0)) return;
    const value = cents(reward.times(priceOf(asset, t)));
    const fields = { time: t, kind: "income" as const, receivedAsset: asset, receivedAmount: reward, fiatValue: value, fiatCurrency: C, label: "staking", description: `${asset} staking reward` };
    const first = id(w, "staking");
    move(w, asset, reward);
    push(w, { externalId: first, ...fields });
    if (duplicate) {
      // The same reward again under another id: an overlapping export imported a second time.
      move(w, asset, reward);
      push(w, { externalId: `${first}-reimport`, ...fields });
    }
  };
  const txHash = (asset: DemoAsset) => (asset === "BTC" ? hex(rng, 64) : `0x${hex(rng, 64)}`);
  const transfer = (from: WalletKey, to: WalletKey, asset: DemoAsset, t: Date, qty: Decimal, fee: string, minutes: number) => {
    const f = new D(fee);
    const hash = txHash(asset);
    move(from, asset, qty.plus(f).neg());
    move(to, asset, qty);
    push(from, { externalId: id(from, "withdrawal"), time: t, kind: "withdrawal", sentAsset: asset, sentAmount: qty, feeAsset: asset, feeAmount: f, txHash: hash, description: `${asset} sent to ${DEMO_WALLETS[to].name}` });
    push(to, { externalId: id(to, "deposit"), time: new Date(t.getTime() + minutes * MINUTE), kind: "deposit", receivedAsset: asset, receivedAmount: qty, txHash: hash, description: `${asset} received` });
  };
  const withdrawOut = (w: WalletKey, asset: DemoAsset, t: Date, qty: Decimal, fee: string) => {
    const f = new D(fee);
    const address = `0x${hex(rng, 40)}`;
    move(w, asset, qty.plus(f).neg());
    push(w, { externalId: id(w, "withdrawal"), time: t, kind: "withdrawal", sentAsset: asset, sentAmount: qty, feeAsset: asset, feeAmount: f, txHash: txHash(asset), description: `${asset} sent to ${address}` });
  };

  // --- the script: day offsets from the start (0..DEMO_DAYS - 2; the last day gets only the two rows just before `now`) ---
  const tasks: Task[] = [];
  const at = (day: number, hour: number, run: (t: Date) => void) => {
    const ms = (startDay + day) * DAY_MS + hour * HOUR + Math.floor(jitter() * 50) * MINUTE + Math.floor(jitter() * 60) * 1000;
    tasks.push({ ms, seq: tasks.length, run });
  };
  const share = (w: WalletKey, asset: DemoAsset, fraction: string, dp = 4) => down(bal(w, asset).times(fraction), dp);

  // Coinbase: a first purchase, then monthly deposits and recurring buys; ETH staking; BTC to the Ledger.
  at(1, 14, (t) => depositFiat("coinbase", t, "6000"));
  at(2, 15, (t) => buy("coinbase", "BTC", t, "3000", "0.0149"));
  at(2, 16, (t) => buy("coinbase", "ETH", t, "2000", "0.0149"));
  for (let day = 8; day <= DEMO_DAYS - 2; day += 30) {
    at(day, 7, (t) => depositFiat("coinbase", t, "400"));
    at(day, 9, (t) => buy("coinbase", "BTC", t, "250", "0.0149", "recurring-buy"));
    at(day, 10, (t) => buy("coinbase", "ETH", t, "100", "0.0149", "recurring-buy"));
  }
  for (let day = 20, month = 0; day <= DEMO_DAYS - 2; day += 30, month++) {
    const dup = month === 7;
    at(day, 3, (t) => stake("coinbase", "ETH", t, "0.032", dup));
  }
  at(120, 17, (t) => transfer("coinbase", "ledger", "BTC", t, share("coinbase", "BTC", "0.7"), "0.00005", 28));
  at(400, 18, (t) => transfer("coinbase", "ledger", "BTC", t, share("coinbase", "BTC", "0.6"), "0.00003", 35));
  at(430, 12, (t) => trade("coinbase", "ETH", share("coinbase", "ETH", "0.25"), "USDC", t, "0", true));
  at(505, 16, (t) => sell("coinbase", "BTC", t, share("coinbase", "BTC", "0.35"), "0.006"));
  at(610, 11, (t) => sell("coinbase", "USDC", t, share("coinbase", "USDC", "0.5", 2), "0"));
  at(690, 10, (t) => buy("coinbase", "SOL", t, "1500", "0.0149"));
  at(722, 15, (t) => sell("coinbase", "SOL", t, share("coinbase", "SOL", "0.4"), "0.006"));

  // Kraken: ETH, then SOL at the top and a loss on the way down; SOL staking; trades; BTC from the Ledger.
  at(55, 10, (t) => depositFiat("kraken", t, "5000"));
  at(58, 11, (t) => buy("kraken", "ETH", t, "3000", "0.0026"));
  at(300, 9, (t) => depositFiat("kraken", t, "4000"));
  at(305, 13, (t) => buy("kraken", "SOL", t, "3900", "0.0026"));
  for (let day = 335; day <= 635; day += 30) at(day, 5, (t) => stake("kraken", "SOL", t, "0.065"));
  at(420, 15, (t) => sell("kraken", "SOL", t, share("kraken", "SOL", "0.4"), "0.0026"));
  at(470, 14, (t) => trade("kraken", "ETH", share("kraken", "ETH", "0.3"), "SOL", t, "0.0026", false));
  at(540, 19, (t) => transfer("ledger", "kraken", "BTC", t, share("ledger", "BTC", "0.5"), "0.0001", 40));
  at(546, 12, (t) => sell("kraken", "BTC", t, share("kraken", "BTC", "0.6"), "0.0026"));
  at(560, 16, (t) => trade("kraken", "BTC", share("kraken", "BTC", "0.9"), "ETH", t, "0.0026", false));
  // Sent to a wallet the user has not added: the engine cannot pair it (unmatched-withdrawal).
  at(600, 20, (t) => withdrawOut("kraken", "ETH", t, share("kraken", "ETH", "0.3", 2), "0.0035"));
  // Sells 3.5 SOL more than Kraken holds: an acquisition "missing" from the ledger (missing-cost-basis).
  at(650, 13, (t) => sell("kraken", "SOL", t, bal("kraken", "SOL").plus(DEMO_SOL_SHORTFALL), "0.0026", true));
  at(660, 10, (t) => withdrawFiat("kraken", t, "2000"));

  // The current tax year: a recurring buy and a sale in the last hours before `now`.
  tasks.push({ ms: nowMs - 135 * MINUTE, seq: tasks.length, run: (t) => sell("kraken", "ETH", t, share("kraken", "ETH", "0.2"), "0.0026") });
  tasks.push({ ms: nowMs - 10 * MINUTE, seq: tasks.length, run: (t) => buy("coinbase", "BTC", t, "250", "0.0149", "recurring-buy") });

  tasks.sort((a, b) => a.ms - b.ms || a.seq - b.seq);
  for (const task of tasks) task.run(new Date(task.ms));
  rows.sort((a, b) => a.entry.time.getTime() - b.entry.time.getTime());

  const prices: DemoPrice[] = [];
  for (let day = 0; day <= DEMO_DAYS; day++) {
    const time = new Date((startDay + day) * DAY_MS);
    for (const asset of DEMO_ASSETS) prices.push({ asset, currency: C, time, price: series[asset][day] as Decimal });
  }

  return {
    wallets: Object.values(DEMO_WALLETS).map((w) => ({ name: w.name, exchange: w.exchange })),
    entries: rows,
    prices,
    description: [
      `A generated portfolio of two years up to today in ${C}: ${DEMO_WALLETS.coinbase.name} (a first purchase, then monthly deposits, recurring BTC and ETH buys and ETH staking rewards), ${DEMO_WALLETS.kraken.name} (ETH and SOL bought, SOL staked and sold at a loss, crypto-to-crypto trades) and ${DEMO_WALLETS.ledger.name} (BTC moved off and back onto the exchanges), with daily prices for BTC, ETH, SOL and USDC.`,
      `It has three planted problems to try the fixes on: an ETH withdrawal from Kraken to a wallet that is not added (the kind you fix by marking it as a transfer to your own wallet), a Kraken SOL sale of ${DEMO_SOL_SHORTFALL} SOL more than was ever bought (missing cost basis), and a Coinbase staking reward imported twice (a suspected duplicate).`,
      `Remove it in one click when you are done.`,
    ].join(" "),
  };
}
