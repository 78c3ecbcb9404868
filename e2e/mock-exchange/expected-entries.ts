import Decimal from "decimal.js";
import type { MockConversion, MockDataset, MockReward, MockTrade, MockTransfer } from "./dataset";
import { HISTORY_IDS, MARKET_ID } from "./history-ids";

/**
 * What a correct sync of a mock dataset must produce, per exchange, in a
 * flat comparable shape (amounts as normalized decimal strings). Tests map
 * the sync's `LedgerEntry` rows with `comparable` and compare the two lists.
 */

export interface ComparableRow {
  externalId: string;
  time: number;
  kind: string;
  sent: string | null;
  received: string | null;
  fee: string | null;
  label: string | null;
}

const FIAT = new Set(["USD", "EUR", "GBP"]);
const money = (amount: Decimal.Value | null | undefined, asset: string | null | undefined) =>
  amount === null || amount === undefined || !asset || new Decimal(amount).isZero() ? null : `${new Decimal(amount).toFixed()} ${asset}`;

/** The fields tests compare, from anything shaped like a LedgerEntry. */
export function comparable(e: {
  externalId: string;
  time: Date;
  kind: string;
  sentAsset: string | null;
  sentAmount: Decimal.Value | null;
  receivedAsset: string | null;
  receivedAmount: Decimal.Value | null;
  feeAsset: string | null;
  feeAmount: Decimal.Value | null;
  label: string | null;
}): ComparableRow {
  return {
    externalId: e.externalId,
    time: e.time.getTime(),
    kind: e.kind,
    sent: money(e.sentAmount, e.sentAsset),
    received: money(e.receivedAmount, e.receivedAsset),
    fee: money(e.feeAmount, e.feeAsset),
    label: e.label,
  };
}

export type SyncedExchange = "binance" | "kraken" | "okx" | "coinbase" | "bitstamp" | "gemini" | "bybit" | "kucoin";

function tradeId(exchange: SyncedExchange, t: MockTrade, ds: MockDataset): string {
  if (exchange === "kucoin") return ds.flags?.kucoinHf ? HISTORY_IDS.kucoin.hfTrade(t) : HISTORY_IDS.kucoin.trade(t);
  return HISTORY_IDS[exchange].trade(t);
}

function tradeRow(exchange: SyncedExchange, t: MockTrade, ds: MockDataset): ComparableRow {
  const [base, quote] = t.symbol.split("/") as [string, string];
  const buy = t.side === "buy";
  const sent = buy ? quote : base;
  const received = buy ? base : quote;
  const kind = FIAT.has(sent) && !FIAT.has(received) ? "buy" : !FIAT.has(sent) && FIAT.has(received) ? "sell" : "trade";
  return {
    externalId: `${exchange}:trade:${MARKET_ID[exchange](t.symbol)}:${tradeId(exchange, t, ds)}`,
    time: t.time,
    kind,
    sent: buy ? money(t.cost, quote) : money(t.amount, base),
    received: buy ? money(t.amount, base) : money(t.cost, quote),
    fee: money(t.fee, quote),
    label: null,
  };
}

function transferRow(exchange: SyncedExchange, kind: "deposit" | "withdrawal", x: MockTransfer): ComparableRow {
  const ids = HISTORY_IDS[exchange];
  const id = kind === "deposit" ? ids.deposit(x) : ids.withdrawal(x);
  return {
    externalId: `${exchange}:${kind}:${id}`,
    time: x.time,
    kind,
    sent: kind === "withdrawal" ? money(x.amount, x.currency) : null,
    received: kind === "deposit" ? money(x.amount, x.currency) : null,
    fee: money(x.fee, x.currency),
    label: null,
  };
}

/** Exchanges that report one reward type for staking and Earn interest alike label both "staking". */
const REWARD_LABEL: Record<SyncedExchange, (r: MockReward) => string> = {
  binance: (r) => r.type,
  coinbase: (r) => r.type,
  kraken: () => "staking",
  okx: () => "staking",
  bitstamp: () => "staking",
  gemini: () => "staking",
  // Flexible Savings yield.
  bybit: () => "interest",
  kucoin: () => "staking",
};

function rewardRow(exchange: SyncedExchange, r: MockReward): ComparableRow {
  return {
    externalId: `${exchange}:income:${HISTORY_IDS[exchange].reward(r)}`,
    time: r.time,
    kind: "income",
    sent: null,
    received: money(r.amount, r.currency),
    fee: null,
    label: REWARD_LABEL[exchange](r),
  };
}

const kindOf = (sent: string, received: string) => (FIAT.has(sent) && !FIAT.has(received) ? "buy" : !FIAT.has(sent) && FIAT.has(received) ? "sell" : "trade");

/**
 * A conversion is ONE row: sent the from side, received the to side. Where
 * the exchange shows a fee (Kraken and KuCoin legs, Binance dust service
 * charge) it is the row's fee; Binance Convert and Coinbase fold it into the
 * amount received.
 */
function conversionRow(exchange: SyncedExchange, c: MockConversion): ComparableRow {
  const folded = exchange === "coinbase" || (exchange === "binance" && c.kind === "convert");
  const received = folded ? new Decimal(c.toAmount).minus(c.fee) : new Decimal(c.toAmount);
  let externalId: string;
  if (exchange === "binance") externalId = c.kind === "dust" ? `binance:dust:${HISTORY_IDS.binance.dust(c)}:${c.from}` : `binance:convert:${HISTORY_IDS.binance.conversion(c)}`;
  else if (exchange === "kraken" || exchange === "coinbase" || exchange === "kucoin") externalId = `${exchange}:convert:${HISTORY_IDS[exchange].conversion(c)}`;
  else throw new Error(`the ${exchange} mock serves no conversions`);
  return {
    externalId,
    time: c.time,
    kind: kindOf(c.from, c.to),
    sent: money(c.fromAmount, c.from),
    received: money(received, c.to),
    fee: folded ? null : money(c.fee, c.to),
    label: null,
  };
}

/** Exchanges whose mock serves the dataset's conversions (others must get datasets without them). */
export const CONVERSION_EXCHANGES: readonly SyncedExchange[] = ["binance", "kraken", "coinbase", "kucoin"];

export function expectedRows(exchange: SyncedExchange, ds: MockDataset): ComparableRow[] {
  return [
    ...(ds.trades ?? []).map((t) => tradeRow(exchange, t, ds)),
    ...(ds.deposits ?? []).map((d) => transferRow(exchange, "deposit", d)),
    ...(ds.withdrawals ?? []).map((w) => transferRow(exchange, "withdrawal", w)),
    ...(ds.rewards ?? []).map((r) => rewardRow(exchange, r)),
    ...(ds.conversions ?? []).map((c) => conversionRow(exchange, c)),
  ].sort((a, b) => a.externalId.localeCompare(b.externalId));
}
