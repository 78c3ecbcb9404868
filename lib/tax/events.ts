import type Decimal from "decimal.js";
import { INCOME_TYPES, isFiat as isFiatCurrency, type LedgerEntry } from "../ledger/types";
import { add, compare, isPositive, moneyAdd, qty, QZERO, sub, ZERO } from "./decimal";
import type { Holder, Holdings } from "./holdings";
import type { Jurisdiction } from "./jurisdictions";
import type { DisposalKind, IncomeEvent, PriceUsed, RemovalLine, TransferFeeTreatment } from "./types";
import type { Valuer } from "./valuation";
import type { Warnings } from "./warnings";
import { rowPriceUsed, type RowPrice } from "./lot-line";

/**
 * Turns ledger entries into tax events: acquisitions, disposals, removals (units leaving without
 * a disposal) and moves between own accounts. What is a disposal, and at what value, is decided
 * here once for every jurisdiction; which lots a disposal uses is the sink's business (lot engine
 * for US/DE, matching rules for the UK).
 *
 * Rules applied (tax-rules notes):
 * - Crypto-to-crypto and crypto-to-fiat exchanges dispose of what is sent, at the value of what is
 *   received (1.1, 1.6, 4); the received asset's cost is the same value.
 * - Fees in fiat: part of the cost of an acquisition (IRC 1012); deducted from proceeds of a
 *   disposal; in a crypto-to-crypto exchange allocated to the disposal (Treas. Reg. 1.001-7(b)(2)) (1.5).
 * - A fee in the asset being sent is disposed of inside the same disposal: units out = amount +
 *   fee, proceeds = what was received (RP2's convention, 1.5). A fee in the asset received reduces
 *   the units acquired. A fee in any other crypto is its own disposal at market value (Notice
 *   2014-21 Q&A-6), and that value counts as the fee.
 * - Income (staking, mining, airdrops, interest) is ordinary income at market value when received;
 *   that value is the lot's basis (1.2, 2.3, 3).
 * - Transfers between own accounts move lots; the network fee follows `transferFee` (1.5 AMBIGUOUS).
 */

export interface Acquisition {
  /** The acquiring entry (the lot's id, source and date). */
  entry: LedgerEntry;
  /** buy, trade, income, deposit, gift */
  kind: string;
  /** Source order of the acquiring entry: tie-break for equal timestamps. */
  seq: number;
  holder: Holder;
  amount: Decimal;
  cost: Decimal;
  costMissing: boolean;
  ms: number;
  day: number;
}

export interface DisposalEvent {
  id: string;
  entry: string;
  /** The entry itself (`entry` is its externalId). */
  source: LedgerEntry;
  holder: Holder;
  kind: DisposalKind;
  amount: Decimal;
  /** Value received (gross, before selling costs). */
  proceeds: Decimal;
  /** Fees in reporting currency: deducted from proceeds (US/DE) or allowable costs (UK). */
  sellingCosts: Decimal | null;
  priceMissing: boolean;
  /** The prices used, or (the usual case) the row's own amount in reporting currency: see `pricesOf`. */
  prices: PriceUsed[] | RowPrice;
  at: Date;
  ms: number;
  day: number;
}

/** The prices behind a disposal, as a list. */
export function pricesOf(d: DisposalEvent): PriceUsed[] {
  return Array.isArray(d.prices) ? d.prices : [rowPriceUsed(d.prices, d.source)];
}

export interface RemovalEvent {
  id: string;
  entry: string;
  holder: Holder;
  reason: RemovalLine["reason"];
  amount: Decimal;
  at: Date;
  ms: number;
  day: number;
}

export interface MoveEvent {
  /** The withdrawal's externalId (specific-id picks for a transfer use it). */
  id: string;
  entries: [string, string];
  from: Holder;
  to: Holder;
  /** Units arriving in `to`. */
  amount: Decimal;
  /** The deposit: the origin of units that arrive without lots behind them (shortfall at the sender). */
  arrivalEntry: LedgerEntry;
  arrivalSeq: number;
  arrivalMs: number;
  arrivalDay: number;
  at: Date;
  ms: number;
  day: number;
}

export interface EventSink {
  /** Called before the first event of each new local day. */
  advance(day: number): void;
  acquire(a: Acquisition): void;
  dispose(d: DisposalEvent): void;
  remove(r: RemovalEvent): void;
  move(m: MoveEvent): void;
}

export interface EmitContext {
  entries: readonly LedgerEntry[];
  /** Local day per entry index. */
  days: Int32Array;
  partner: Int32Array;
  holdings: Holdings;
  valuer: Valuer;
  warnings: Warnings;
  jurisdiction: Jurisdiction;
  transferFee: TransferFeeTreatment;
  income: IncomeEvent[];
  sink: EventSink;
  /** The jurisdiction's tax year of a local day (cached by the caller). */
  taxYearOf: (day: number) => number;
  /**
   * Incremental recompute: only events of these assets are emitted (null: every asset). Entries
   * touching other assets still run, for the assets asked for; nothing is done for the others.
   */
  only: AssetFilter | null;
}

export interface AssetFilter {
  has(asset: string): boolean;
}

const positive = isPositive;

/**
 * The prices behind one event, gathered in a reused list: events keep an exact-length copy, so
 * no array is grown (and its spare capacity kept) per row.
 */
export class PriceList {
  private readonly items: PriceUsed[] = [];
  private n = 0;
  /** The first price is the row's own amount in reporting currency, not built yet. */
  private row: RowPrice | null = null;
  private entry: LedgerEntry | null = null;

  push(p: PriceUsed): void {
    if (this.row !== null) this.build();
    this.items[this.n++] = p;
  }

  /** The row's own `field`, already in the reporting currency (what `Valuer.fiat` would record). */
  pushRow(row: RowPrice, entry: LedgerEntry): void {
    if (this.n > 0 || this.row !== null) {
      this.push(rowPriceUsed(row, entry));
      return;
    }
    this.row = row;
    this.entry = entry;
  }

  private build(): void {
    const row = this.row as RowPrice;
    this.row = null;
    this.items[this.n++] = rowPriceUsed(row, this.entry as LedgerEntry);
  }

  reset(): this {
    this.n = 0;
    this.row = null;
    this.entry = null;
    return this;
  }

  /** An exact-length copy of the list. */
  copy(): PriceUsed[] {
    if (this.row !== null) this.build();
    return this.items.slice(0, this.n);
  }

  /** The list, or its recipe when it is just the row's own amount. */
  trail(): PriceUsed[] | RowPrice {
    return this.row !== null ? this.row : this.items.slice(0, this.n);
  }

  appendTo(other: PriceList): void {
    if (this.row !== null) this.build();
    for (let k = 0; k < this.n; k++) other.push(this.items[k] as PriceUsed);
  }
}

/** Price recipes, one per field and reporting currency (shared by every line that uses one). */
const rowPrices = new Map<string, Record<RowPrice["field"], RowPrice>>();
function rowPrice(field: RowPrice["field"], currency: string): RowPrice {
  let byField = rowPrices.get(currency);
  if (byField === undefined) {
    byField = {
      receivedAmount: { field: "receivedAmount", currency, source: rowSource("received", currency) },
      sentAmount: { field: "sentAmount", currency, source: rowSource("sent", currency) },
      fiatValue: { field: "fiatValue", currency, source: "row: net worth" },
    };
    rowPrices.set(currency, byField);
  }
  return byField[field];
}

const mainPrices = new PriceList();
const sidePrices = new PriceList();

const fiatCache = new Map<string, boolean>();
/** `isFiat` without its per-call upper-casing (asset codes repeat on every row). */
function isFiat(asset: string): boolean {
  let v = fiatCache.get(asset);
  if (v === undefined) {
    v = isFiatCurrency(asset);
    fiatCache.set(asset, v);
  }
  return v;
}

const sourceCache = new Map<string, Map<string, string>>();
/** Audit-trail source labels ("row: received USD"), built once per side and currency. */
function rowSource(side: "received" | "sent" | "fee", currency: string): string {
  let bySide = sourceCache.get(side);
  if (!bySide) sourceCache.set(side, (bySide = new Map()));
  let s = bySide.get(currency);
  if (s === undefined) bySide.set(currency, (s = `row: ${side} ${currency}`));
  return s;
}

/** Emits the events of every entry, in the given processing order. */
export function emitEvents(ctx: EmitContext, order: Uint32Array | number[]): void {
  const done = new Uint8Array(ctx.entries.length); // a transfer pair is handled once, at its first half
  let lastDay = Number.NaN;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    const day = ctx.days[i] as number;
    if (day !== lastDay) {
      ctx.sink.advance(day);
      lastDay = day;
    }
    emitEntry(ctx, i, done);
  }
}

function debit(ctx: EmitContext, holder: Holder, amount: Decimal, entry: LedgerEntry): void {
  if (holder.debit(amount)) {
    if (!holder.negative) {
      holder.negative = true;
      ctx.warnings.add(
        "negative-balance",
        `${holder.account} would hold ${holder.balance.toFixed()} ${holder.asset} after this entry: an acquisition or incoming transfer is probably missing from the ledger`,
        [entry.externalId],
        holder.asset,
        holder.account,
        entry.time,
      );
    }
  } else holder.negative = false;
}

function credit(holder: Holder, amount: Decimal): void {
  holder.credit(amount);
  if (holder.negative && !holder.isNeg()) holder.negative = false;
}

function acquire(ctx: EmitContext, i: number, e: LedgerEntry, asset: string, amount: Decimal, cost: Decimal, costMissing: boolean, kind: string): void {
  if (ctx.only !== null && !ctx.only.has(asset)) return;
  const holder = ctx.holdings.get(asset, e.account);
  credit(holder, amount);
  ctx.sink.acquire({
    entry: e,
    kind,
    seq: i,
    holder,
    amount,
    cost,
    costMissing,
    ms: e.time.getTime(),
    day: ctx.days[i] as number,
  });
}

function dispose(ctx: EmitContext, i: number, e: LedgerEntry, id: string, kind: DisposalKind, asset: string, amount: Decimal, proceeds: Decimal, sellingCosts: Decimal | null, priceMissing: boolean, prices: PriceList): void {
  if (ctx.only !== null && !ctx.only.has(asset)) return;
  const holder = ctx.holdings.get(asset, e.account);
  debit(ctx, holder, amount, e);
  ctx.sink.dispose({ id, entry: e.externalId, source: e, holder, kind, amount, proceeds, sellingCosts, priceMissing, prices: prices.trail(), at: e.time, ms: e.time.getTime(), day: ctx.days[i] as number });
}

function remove(ctx: EmitContext, i: number, e: LedgerEntry, id: string, reason: RemovalLine["reason"], asset: string, amount: Decimal): void {
  if (ctx.only !== null && !ctx.only.has(asset)) return;
  const holder = ctx.holdings.get(asset, e.account);
  debit(ctx, holder, amount, e);
  ctx.sink.remove({ id, entry: e.externalId, holder, reason, amount, at: e.time, ms: e.time.getTime(), day: ctx.days[i] as number });
}

function missingPrice(ctx: EmitContext, e: LedgerEntry, asset: string, what: string): void {
  ctx.warnings.add("missing-price", `no ${ctx.valuer.currency} price for ${asset} at ${e.time.toISOString()} (${what}): counted as zero; set a price for this transaction or add one to a price CSV (Imports → Prices in the app, --prices in the CLI)`, [e.externalId], asset, e.account, e.time);
}

/** Value of the row from its own fiat: fiat legs and Net Worth in reporting currency first, then converted. */
function rowFiatValue(ctx: EmitContext, e: LedgerEntry, legs: boolean, prices: PriceList): Decimal | null {
  const cur = ctx.valuer.currency;
  const v = ctx.valuer;
  // Amounts already in reporting currency are the value itself (as `Valuer.fiat` gives them); the
  // price record is built from the row when read.
  if (legs && e.receivedAsset === cur && positive(e.receivedAmount)) {
    prices.pushRow(rowPrice("receivedAmount", cur), e);
    return e.receivedAmount;
  }
  if (legs && e.sentAsset === cur && positive(e.sentAmount)) {
    prices.pushRow(rowPrice("sentAmount", cur), e);
    return e.sentAmount;
  }
  if (e.fiatValue !== null && e.fiatCurrency === cur) {
    prices.pushRow(rowPrice("fiatValue", cur), e);
    return e.fiatValue;
  }
  if (legs && e.receivedAsset !== null && isFiat(e.receivedAsset) && positive(e.receivedAmount)) {
    const x = v.fiat(e.receivedAmount, e.receivedAsset, e.time, rowSource("received", e.receivedAsset), prices);
    if (x) return x;
  }
  if (legs && e.sentAsset !== null && isFiat(e.sentAsset) && positive(e.sentAmount)) {
    const x = v.fiat(e.sentAmount, e.sentAsset, e.time, rowSource("sent", e.sentAsset), prices);
    if (x) return x;
  }
  if (e.fiatValue !== null && e.fiatCurrency !== null) {
    const x = v.fiat(e.fiatValue, e.fiatCurrency, e.time, "row: net worth", prices);
    if (x) return x;
  }
  return null;
}

/** Market value of crypto units: the row's own fiat when the row is only about them, else prices. */
function marketValue(ctx: EmitContext, e: LedgerEntry, asset: string, amount: Decimal, rowIsAboutIt: boolean, prices: PriceList): Decimal | null {
  if (rowIsAboutIt) {
    const fromRow = rowFiatValue(ctx, e, false, prices);
    if (fromRow) return fromRow;
  }
  return ctx.valuer.asset(asset, amount, e.time, prices);
}

export function emitEntry(ctx: EmitContext, i: number, done: Uint8Array): void {
  const e = ctx.entries[i] as LedgerEntry;
  const sentAsset = e.sentAsset;
  const receivedAsset = e.receivedAsset;
  const hasSent = sentAsset !== null && positive(e.sentAmount);
  const hasReceived = receivedAsset !== null && positive(e.receivedAmount);
  const sentCrypto = hasSent && !isFiat(sentAsset);
  const receivedCrypto = hasReceived && !isFiat(receivedAsset);
  const feeAsset = e.feeAsset;
  const hasFee = feeAsset !== null && positive(e.feeAmount);
  const feeCrypto = hasFee && !isFiat(feeAsset);
  const feeAmount = hasFee ? qty(e.feeAmount as Decimal) : QZERO;
  const sentAmount = hasSent ? qty(e.sentAmount as Decimal) : QZERO;
  const receivedAmount = hasReceived ? qty(e.receivedAmount as Decimal) : QZERO;
  /** Set when the main action already accounted for the fee. */
  let feeHandled = !feeCrypto;

  if (e.kind === "income") {
    const sameFee = feeCrypto && feeAsset === receivedAsset;
    if (sameFee) feeHandled = true;
    if (hasReceived) emitIncome(ctx, i, e, receivedAsset, receivedCrypto, sameFee ? sub(receivedAmount, feeAmount) : receivedAmount);
  } else if (hasSent && hasReceived) {
    feeHandled = emitExchange(ctx, i, e, sentCrypto, receivedCrypto, sentAmount, receivedAmount, feeAsset, feeAmount, hasFee, feeCrypto);
  } else if (receivedCrypto) {
    const r = receivedAsset as string;
    const sameFee = feeCrypto && feeAsset === r;
    if (sameFee) feeHandled = true;
    const net = sameFee ? sub(receivedAmount, feeAmount) : receivedAmount;
    const p = ctx.partner[i] as number;
    if (e.kind === "deposit" && p >= 0) {
      if (!done[i]) emitMove(ctx, p, i, done);
    } else if (e.kind === "gift-received") {
      emitGiftReceived(ctx, i, e, r, net);
    } else {
      // Unmatched deposit (or an acquisition without a counter-leg): where the coins came from is
      // unknown, so is their basis. Zero, flagged, never a guess (notes 5 "Negative balance / missing basis").
      ctx.warnings.add("unmatched-deposit", `deposit of ${net.toFixed()} ${r} into ${e.account} has no matching withdrawal: its cost basis is unknown and counted as zero`, [e.externalId], r, e.account, e.time);
      acquire(ctx, i, e, r, net, ZERO, true, "deposit");
    }
  } else if (sentCrypto) {
    const s = sentAsset as string;
    const sameFee = feeCrypto && feeAsset === s;
    const p = ctx.partner[i] as number;
    if (e.kind === "withdrawal" && p >= 0) {
      if (sameFee) feeHandled = true;
      if (!done[i]) emitMove(ctx, i, p, done);
    } else if (e.kind === "lost") {
      remove(ctx, i, e, e.externalId, "lost", s, sentAmount);
    } else if (e.kind === "gift-sent") {
      if (ctx.jurisdiction.giftIsDisposal) {
        if (sameFee) feeHandled = true;
        const prices = mainPrices.reset();
        const value = marketValue(ctx, e, s, sentAmount, true, prices);
        if (!value) missingPrice(ctx, e, s, "gift at market value");
        dispose(ctx, i, e, e.externalId, "gift", s, sameFee ? add(sentAmount, feeAmount) : sentAmount, value ?? ZERO, null, !value, prices);
      } else remove(ctx, i, e, e.externalId, "gift-sent", s, sentAmount);
    } else if (e.kind === "withdrawal") {
      ctx.warnings.add("unmatched-withdrawal", `withdrawal of ${sentAmount.toFixed()} ${s} from ${e.account} has no matching deposit: treated as leaving your accounts without a sale`, [e.externalId], s, e.account, e.time);
      remove(ctx, i, e, e.externalId, "unmatched-withdrawal", s, sentAmount);
    } else {
      // Spending crypto on goods or services (or a one-legged trade): a disposal at market value.
      if (sameFee) feeHandled = true;
      const prices = mainPrices.reset();
      const value = marketValue(ctx, e, s, sentAmount, true, prices);
      if (!value) missingPrice(ctx, e, s, "spend at market value");
      dispose(ctx, i, e, e.externalId, "spend", s, sameFee ? add(sentAmount, feeAmount) : sentAmount, value ?? ZERO, null, !value, prices);
    }
  }

  if (!feeHandled) {
    // A fee paid in crypto not already inside the main action: its own disposal at market value.
    const f = feeAsset as string;
    const prices = mainPrices.reset();
    const feeOnly = !hasSent && !hasReceived;
    const value = marketValue(ctx, e, f, feeAmount, feeOnly, prices);
    if (!value) missingPrice(ctx, e, f, "fee paid in crypto");
    dispose(ctx, i, e, `${e.externalId}:fee`, "fee", f, feeAmount, value ?? ZERO, null, !value, prices);
  }
}

function emitIncome(ctx: EmitContext, i: number, e: LedgerEntry, asset: string, crypto: boolean, amount: Decimal): void {
  if (ctx.only !== null && !ctx.only.has(asset)) return;
  const prices = mainPrices.reset();
  const value = crypto ? marketValue(ctx, e, asset, amount, true, prices) : ctx.valuer.fiat(amount, asset, e.time, rowSource("received", asset), prices);
  if (!value) missingPrice(ctx, e, asset, "income at fair market value");
  const type = e.label !== null && (INCOME_TYPES as readonly string[]).includes(e.label) ? e.label : "income";
  ctx.income.push({
    id: e.externalId,
    asset,
    amount,
    account: e.account,
    receivedAt: e.time,
    value: value ?? ZERO,
    type,
    prices: prices.copy(),
    valueMissing: !value,
    taxYear: ctx.taxYearOf(ctx.days[i] as number),
  });
  if (crypto) acquire(ctx, i, e, asset, amount, value ?? ZERO, !value, "income");
}

function emitGiftReceived(ctx: EmitContext, i: number, e: LedgerEntry, asset: string, amount: Decimal): void {
  if (ctx.jurisdiction.giftReceivedBasis === "carryover") {
    ctx.warnings.add(
      "missing-cost-basis",
      `gift of ${amount.toFixed()} ${asset}: the donor's basis and acquisition date carry over (US IRC 1015 and 1223(2); DE s.23 Abs.1 S.3 EStG) and are not in the ledger; basis counted as zero`,
      [e.externalId],
      asset,
      e.account,
      e.time,
    );
    acquire(ctx, i, e, asset, amount, ZERO, true, "gift");
    return;
  }
  const prices = mainPrices.reset();
  const value = marketValue(ctx, e, asset, amount, true, prices);
  if (!value) missingPrice(ctx, e, asset, "gift received at market value");
  acquire(ctx, i, e, asset, amount, value ?? ZERO, !value, "gift");
}

/** Returns true when the fee was accounted for inside the exchange. */
function emitExchange(
  ctx: EmitContext,
  i: number,
  e: LedgerEntry,
  sentCrypto: boolean,
  receivedCrypto: boolean,
  sentAmount: Decimal,
  receivedAmount: Decimal,
  feeAsset: string | null,
  feeAmount: Decimal,
  hasFee: boolean,
  feeCrypto: boolean,
): boolean {
  const sent = e.sentAsset as string;
  const received = e.receivedAsset as string;
  if (!sentCrypto && !receivedCrypto) return !feeCrypto; // fiat to fiat: no lots
  const prices = mainPrices.reset();
  let value = rowFiatValue(ctx, e, true, prices);
  if (!value && receivedCrypto) value = ctx.valuer.asset(received, receivedAmount, e.time, prices);
  // US fallback: the value of what was given up when the received side has no price (Treas. Reg. 1.1001-7(b)).
  if (!value && sentCrypto) value = ctx.valuer.asset(sent, sentAmount, e.time, prices);
  const priceMissing = !value;
  if (!value) missingPrice(ctx, e, receivedCrypto ? received : sent, "exchange value");
  const v = value ?? ZERO;

  const feeInSent = feeCrypto && feeAsset === sent && sentCrypto;
  const feeInReceived = feeCrypto && !feeInSent && feeAsset === received && receivedCrypto;
  let feeCost: Decimal | null = null;
  let feeHandled = !feeCrypto || feeInSent || feeInReceived;
  if (hasFee && !feeCrypto) {
    // A fee in the reporting currency is an amount, not a price: recorded only when converted.
    const fp = sidePrices.reset();
    feeCost = ctx.valuer.fiat(feeAmount, feeAsset as string, e.time, rowSource("fee", feeAsset as string), fp);
    if (feeCost) {
      if (feeAsset !== ctx.valuer.currency) fp.appendTo(prices);
    } else missingPrice(ctx, e, feeAsset as string, "fee conversion");
  } else if (feeCrypto && !feeInSent && !feeInReceived) {
    // Fee in a third crypto: its own disposal at market value; that value is the fee.
    const fp = sidePrices.reset();
    const fv = ctx.valuer.asset(feeAsset as string, feeAmount, e.time, fp);
    if (!fv) missingPrice(ctx, e, feeAsset as string, "fee paid in crypto");
    dispose(ctx, i, e, `${e.externalId}:fee`, "fee", feeAsset as string, feeAmount, fv ?? ZERO, null, !fv, fp);
    feeCost = fv;
    feeHandled = true;
  }

  if (sentCrypto) {
    const units = feeInSent ? add(sentAmount, feeAmount) : sentAmount;
    // Fiat and third-asset fees reduce the amount realized of what is disposed (a sale, or the
    // disposed leg of a crypto-to-crypto exchange).
    dispose(ctx, i, e, e.externalId, receivedCrypto ? "trade" : "sale", sent, units, v, feeCost, priceMissing, prices);
  }
  if (receivedCrypto) {
    const units = feeInReceived ? sub(receivedAmount, feeAmount) : receivedAmount;
    const cost = !sentCrypto && feeCost ? moneyAdd(v, feeCost) : v;
    acquire(ctx, i, e, received, units, cost, priceMissing, sentCrypto ? "trade" : "buy");
  }
  return feeHandled;
}

/**
 * A paired transfer, handled once at whichever half comes first. Units leaving = sent + the
 * withdrawal's fee in that asset; units arriving = received - the deposit's fee in that asset; the
 * difference is the network fee, disposed of at market value or removed (`transferFee`).
 */
function emitMove(ctx: EmitContext, wi: number, di: number, done: Uint8Array): void {
  const w = ctx.entries[wi] as LedgerEntry;
  const d = ctx.entries[di] as LedgerEntry;
  const asset = w.sentAsset as string;
  if (ctx.only !== null && !ctx.only.has(asset)) return;
  done[wi] = 1;
  done[di] = 1;
  const sameFee = (x: LedgerEntry) => x.feeAsset === asset && positive(x.feeAmount);
  const out = sameFee(w) ? add(qty(w.sentAmount as Decimal), w.feeAmount as Decimal) : qty(w.sentAmount as Decimal);
  const received = qty(d.receivedAmount as Decimal);
  let arriving = sameFee(d) ? sub(received, d.feeAmount as Decimal) : received;
  let surplus: Decimal | null = null;
  if (compare(arriving, out) > 0) {
    surplus = sub(arriving, out);
    arriving = out;
  }
  const feeUnits = sub(out, arriving);
  const from = ctx.holdings.get(asset, w.account);
  const to = ctx.holdings.get(asset, d.account);
  const first = w.time.getTime() <= d.time.getTime() ? w : d;
  const fi = first === w ? wi : di;
  const day = ctx.days[fi] as number;

  if (isPositive(feeUnits)) {
    const id = `${w.externalId}:transfer-fee`;
    if (ctx.transferFee === "dispose") {
      const prices = mainPrices.reset();
      const value = ctx.valuer.asset(asset, feeUnits, w.time, prices);
      if (!value) missingPrice(ctx, w, asset, "network fee of a transfer between own accounts");
      debit(ctx, from, feeUnits, w);
      ctx.sink.dispose({ id, entry: w.externalId, source: w, holder: from, kind: "transfer-fee", amount: feeUnits, proceeds: value ?? ZERO, sellingCosts: null, priceMissing: !value, prices: prices.trail(), at: first.time, ms: first.time.getTime(), day });
    } else {
      debit(ctx, from, feeUnits, w);
      ctx.sink.remove({ id, entry: w.externalId, holder: from, reason: "transfer-fee", amount: feeUnits, at: first.time, ms: first.time.getTime(), day });
    }
  }
  if (isPositive(arriving)) {
    debit(ctx, from, arriving, w);
    credit(to, arriving);
    ctx.sink.move({
      id: w.externalId,
      entries: [w.externalId, d.externalId],
      from,
      to,
      amount: arriving,
      arrivalEntry: d,
      arrivalSeq: di,
      arrivalMs: d.time.getTime(),
      arrivalDay: ctx.days[di] as number,
      at: first.time,
      ms: first.time.getTime(),
      day,
    });
  }
  if (surplus) {
    ctx.warnings.add("unmatched-deposit", `deposit of ${received.toFixed()} ${asset} into ${d.account} is more than the matched withdrawal sent; the extra ${surplus.toFixed()} has unknown basis, counted as zero`, [w.externalId, d.externalId], asset, d.account, d.time);
    acquire(ctx, di, d, asset, surplus, ZERO, true, "deposit");
  }
}
