import Decimal from "decimal.js";
import type { MockDataset, MockReward, MockTrade, MockTransfer } from "./dataset";
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

export type SyncedExchange = "binance" | "kraken" | "okx" | "coinbase" | "bitstamp" | "gemini" | "bybit";

function tradeRow(exchange: SyncedExchange, t: MockTrade): ComparableRow {
  const [base, quote] = t.symbol.split("/") as [string, string];
  const buy = t.side === "buy";
  const sent = buy ? quote : base;
  const received = buy ? base : quote;
  const kind = FIAT.has(sent) && !FIAT.has(received) ? "buy" : !FIAT.has(sent) && FIAT.has(received) ? "sell" : "trade";
  return {
    externalId: `${exchange}:trade:${MARKET_ID[exchange](t.symbol)}:${HISTORY_IDS[exchange].trade(t)}`,
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
  bybit: () => "staking",
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

export function expectedRows(exchange: SyncedExchange, ds: MockDataset): ComparableRow[] {
  return [
    ...(ds.trades ?? []).map((t) => tradeRow(exchange, t)),
    ...(ds.deposits ?? []).map((d) => transferRow(exchange, "deposit", d)),
    ...(ds.withdrawals ?? []).map((w) => transferRow(exchange, "withdrawal", w)),
    ...(ds.rewards ?? []).map((r) => rewardRow(exchange, r)),
  ].sort((a, b) => a.externalId.localeCompare(b.externalId));
}
