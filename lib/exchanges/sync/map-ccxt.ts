import type { Fee, LedgerEntry as CcxtLedgerEntry, Trade, Transaction } from "ccxt";
import type Decimal from "decimal.js";
import { isFiat, ledgerEntry, type LedgerEntry, type TxKind } from "../../ledger/types";
import type { ExchangeId } from "../catalog";
import { Dec, dec, positive } from "./precise";
import type { Leg } from "./types";

/**
 * ccxt unified structures → Lotwise `LedgerEntry`. The client must be in
 * precise mode (precise.ts): amounts arrive as the exchange's own digits.
 *
 * External ids are `<exchange>:<kind>:<id>` with the exchange's own id:
 * - trades `<exchange>:trade:<market id>:<trade id>`: Binance and OKX number
 *   trades per market, so the market id makes them unique per connection;
 * - deposits/withdrawals `<exchange>:deposit:<id>` / `<exchange>:withdrawal:<id>`;
 * - ledger rows `<exchange>:<income|fee|deposit|withdrawal>:<ledger id>`;
 * - conversions `<exchange>:convert:<id>`: one row for both legs, the id the
 *   exchange gives the conversion (Kraken refid, Binance Convert order id,
 *   KuCoin order id, Coinbase buy/sell/trade id); Binance dust sweeps
 *   `binance:dust:<transId>:<asset>` (one row per swept asset).
 */

export interface MapContext {
  exchangeId: ExchangeId;
  account: string;
}

export function externalId(exchangeId: ExchangeId, kind: string, ...parts: string[]): string {
  return [exchangeId, kind, ...parts].join(":");
}

function base(ctx: MapContext, id: string, time: number, kind: TxKind): LedgerEntry {
  return ledgerEntry({ externalId: id, time: new Date(time), account: ctx.account, kind });
}

/** One fee per row: ccxt's `fees` list merged by currency; when a trade paid in two currencies the larger-count one wins and the description names the other. */
function singleFee(fee: Fee, fees: Fee[] | undefined): { asset: string; amount: Decimal; extra?: string } | null {
  const byCurrency = new Map<string, Decimal>();
  for (const f of fees && fees.length > 0 ? fees : [fee]) {
    const amount = positive(f?.cost);
    if (!f?.currency || !amount) continue;
    const prev = byCurrency.get(f.currency);
    byCurrency.set(f.currency, prev ? prev.plus(amount) : amount);
  }
  const [first, ...rest] = byCurrency;
  if (!first) return null;
  return { asset: first[0], amount: first[1], extra: rest.length > 0 ? rest.map(([c, a]) => `${a.toFixed()} ${c}`).join(", ") : undefined };
}

export function kindOf(sent: string, received: string): TxKind {
  const sentFiat = isFiat(sent);
  const receivedFiat = isFiat(received);
  if (sentFiat && !receivedFiat) return "buy";
  if (!sentFiat && receivedFiat) return "sell";
  return "trade";
}

/**
 * A fill. Buy: sent quote (cost), received base (amount); sell the reverse.
 * Kind buy/sell when exactly one side is fiat, trade otherwise. The fee keeps
 * its own asset (quote, base or a fee token such as BNB).
 */
export function mapTrade(trade: Trade, ctx: MapContext, marketId: string): LedgerEntry | null {
  const symbol = trade.symbol ?? "";
  const [baseAsset, quoteRest] = symbol.split("/");
  const quoteAsset = quoteRest?.split(":")[0];
  const amount = dec(trade.amount)?.abs();
  const price = dec(trade.price);
  const cost = dec(trade.cost)?.abs() ?? (amount && price ? amount.mul(price) : null);
  if (!baseAsset || !quoteAsset || !amount || !cost || trade.id === undefined || trade.timestamp === undefined || (trade.side !== "buy" && trade.side !== "sell")) return null;

  const buy = trade.side === "buy";
  const sentAsset = buy ? quoteAsset : baseAsset;
  const receivedAsset = buy ? baseAsset : quoteAsset;
  const e = base(ctx, externalId(ctx.exchangeId, "trade", marketId, trade.id), trade.timestamp, kindOf(sentAsset, receivedAsset));
  e.sentAsset = sentAsset;
  e.sentAmount = buy ? cost : amount;
  e.receivedAsset = receivedAsset;
  e.receivedAmount = buy ? amount : cost;
  const fee = singleFee(trade.fee, (trade as Trade & { fees?: Fee[] }).fees);
  if (fee) {
    e.feeAsset = fee.asset;
    e.feeAmount = fee.amount;
  }
  if (isFiat(quoteAsset)) {
    e.fiatValue = cost;
    e.fiatCurrency = quoteAsset;
  }
  e.description = `${trade.side} ${symbol}${fee?.extra ? ` (also paid fee ${fee.extra})` : ""}`;
  return e;
}

export type TransferOutcome = { entry: LedgerEntry } | { pending: true; time: number } | { skip: true };

/**
 * A deposit or withdrawal. Only completed ones become entries: a pending one
 * is reported so the stream keeps its watermark before it (and picks it up
 * once completed); failed and canceled ones are skipped. A withdrawal's
 * `amount` is what left for the address and its fee is charged on top
 * (Binance `transactionFee`, OKX `fee`), so sent = amount and fee = fee.
 */
export function mapTransfer(tx: Transaction, kind: "deposit" | "withdrawal", ctx: MapContext, id = tx.id): TransferOutcome {
  if (tx.timestamp === undefined || !id || !tx.currency) return { skip: true };
  if (tx.status === "pending") return { pending: true, time: tx.timestamp };
  if (tx.status !== "ok" && tx.status !== undefined) return { skip: true };
  const amount = dec(tx.amount)?.abs();
  if (!amount) return { skip: true };
  const e = base(ctx, externalId(ctx.exchangeId, kind, id), tx.timestamp, kind);
  if (kind === "deposit") {
    e.receivedAsset = tx.currency;
    e.receivedAmount = amount;
  } else {
    e.sentAsset = tx.currency;
    e.sentAmount = amount;
  }
  const fee = positive(tx.fee?.cost);
  if (fee) {
    e.feeAsset = tx.fee?.currency ?? tx.currency;
    e.feeAmount = fee;
  }
  e.txHash = tx.txid && !/^internal/i.test(tx.txid) ? tx.txid : null;
  e.description = tx.network ? `${kind} via ${tx.network}` : kind;
  return { entry: e };
}

/** What a ledger row is, decided per exchange (see the plan files for each exchange's table). */
export type LedgerClass =
  | { kind: "income"; label: "staking" | "interest" | "airdrop" | "mining" | "income" }
  | { kind: "deposit" }
  | { kind: "withdrawal" }
  | { kind: "fee" }
  | { kind: "skip"; reason: string };

/**
 * A ccxt ledger row that is not covered by a dedicated endpoint. Income:
 * received = amount (fee, if any, on top); fee: a fee-only row; deposit /
 * withdrawal: for exchanges whose ledger is the only complete transfer
 * history (Kraken).
 */
export function mapLedgerEntry(row: CcxtLedgerEntry, cls: LedgerClass, ctx: MapContext, time = row.timestamp): LedgerEntry | null {
  if (cls.kind === "skip" || !row.id || time === undefined || !row.currency) return null;
  const amount = dec(row.amount)?.abs();
  if (!amount) return null;
  const e = base(ctx, externalId(ctx.exchangeId, cls.kind, row.id), time, cls.kind);
  const fee = positive(row.fee?.cost);
  if (cls.kind === "fee") {
    e.feeAsset = row.currency;
    e.feeAmount = fee ? amount.plus(fee) : amount;
    e.description = `fee (${row.type ?? "ledger"})`;
    return e;
  }
  if (cls.kind === "withdrawal") {
    e.sentAsset = row.currency;
    e.sentAmount = amount;
  } else {
    e.receivedAsset = row.currency;
    e.receivedAmount = amount;
  }
  if (fee) {
    e.feeAsset = row.fee?.currency ?? row.currency;
    e.feeAmount = fee;
  }
  if (cls.kind === "income") e.label = cls.label;
  e.description = row.type ?? null;
  return e;
}

/** Income label from a free-text description (Binance `enInfo`, Coinbase types). */
export function incomeLabel(text: string): "staking" | "interest" | "airdrop" | "mining" | "income" {
  if (/stak|validator|eth2|inflation/i.test(text)) return "staking";
  if (/interest|savings|earn|lending|vault/i.test(text)) return "interest";
  if (/airdrop|distribution|launchpool|giveaway|reward/i.test(text)) return "airdrop";
  if (/mining/i.test(text)) return "mining";
  return "income";
}

/**
 * A conversion given as one record with both sides (Binance Convert and dust,
 * or two legs already summed): sent, received and an optional fee, each in
 * its own asset. Kind buy/sell when exactly one side is fiat, trade otherwise.
 */
export interface Conversion {
  externalId: string;
  time: number;
  sentAsset: string;
  sentAmount: Decimal;
  receivedAsset: string;
  receivedAmount: Decimal;
  fee?: { asset: string; amount: Decimal } | null;
  description: string;
}

export function mapConversion(c: Conversion, ctx: MapContext): LedgerEntry | null {
  if (c.sentAmount.isZero() || c.receivedAmount.isZero() || c.sentAsset === c.receivedAsset) return null;
  const e = base(ctx, c.externalId, c.time, kindOf(c.sentAsset, c.receivedAsset));
  e.sentAsset = c.sentAsset;
  e.sentAmount = c.sentAmount.abs();
  e.receivedAsset = c.receivedAsset;
  e.receivedAmount = c.receivedAmount.abs();
  if (c.fee && !c.fee.amount.isZero()) {
    e.feeAsset = c.fee.asset;
    e.feeAmount = c.fee.amount.abs();
  }
  if (isFiat(c.sentAsset)) {
    e.fiatValue = e.sentAmount;
    e.fiatCurrency = c.sentAsset;
  } else if (isFiat(c.receivedAsset)) {
    e.fiatValue = e.receivedAmount;
    e.fiatCurrency = c.receivedAsset;
  }
  e.description = c.description;
  return e;
}

/**
 * Both legs of a conversion → one row: sent = what left (the negative legs'
 * asset), received = what arrived, fees summed per asset (one kept, any other
 * named in the description, as for fills). Null when the legs do not make a
 * two-asset exchange (one asset only, or three): those stay out of the
 * ledger and the balance proof shows them.
 */
export function combineLegs(key: string, legs: readonly Leg[], ctx: MapContext): LedgerEntry | null {
  const byAsset = new Map<string, Decimal>();
  const fees = new Map<string, Decimal>();
  for (const l of legs) {
    const a = dec(l.amount);
    if (!a) return null;
    byAsset.set(l.asset, (byAsset.get(l.asset) ?? new Dec(0)).plus(a));
    const f = l.fee ? positive(l.fee.amount) : null;
    if (l.fee && f) fees.set(l.fee.asset, (fees.get(l.fee.asset) ?? new Dec(0)).plus(f));
  }
  const out = [...byAsset].filter(([, v]) => v.isNegative() && !v.isZero());
  const inn = [...byAsset].filter(([, v]) => v.isPositive() && !v.isZero());
  if (out.length !== 1 || inn.length !== 1) return null;
  const [[sentAsset, sent]] = out as [[string, Decimal]];
  const [[receivedAsset, received]] = inn as [[string, Decimal]];
  const [firstFee, ...otherFees] = fees;
  const labels = [...new Set(legs.map((l) => l.label).filter((x): x is string => !!x))];
  const extra = otherFees.length > 0 ? ` (also paid fee ${otherFees.map(([c, a]) => `${a.toFixed()} ${c}`).join(", ")})` : "";
  return mapConversion(
    {
      externalId: externalId(ctx.exchangeId, "convert", key),
      time: Math.min(...legs.map((l) => l.time)),
      sentAsset,
      sentAmount: sent,
      receivedAsset,
      receivedAmount: received,
      fee: firstFee ? { asset: firstFee[0], amount: firstFee[1] } : null,
      description: `${labels.join(", ") || "conversion"} ${sentAsset} → ${receivedAsset}${extra}`,
    },
    ctx,
  );
}
