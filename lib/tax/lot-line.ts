import type Decimal from "decimal.js";
import type { LedgerEntry } from "../ledger/types";
import { DecimalColumn, IntColumn, MoneyColumn, UnitColumn } from "./decimal-column";
import { D, Q, sub } from "./decimal";
import { fromBig, MONEY_SCALE } from "./fixed";
import type { ConsumedLot, DisposalKind, DisposalLine, MethodId, PriceUsed, Term } from "./types";

/**
 * US/DE disposal lines kept as data and turned into objects when read. A 1M-row ledger makes
 * about half a million lines; built eagerly, their Decimals, lot lists, price lists and entry lists
 * were most of the engine's memory and of its garbage-collection time. Every figure is computed
 * when the engine runs; the figures (amount, proceeds, cost basis) and the audit trail are then
 * kept in a `LineStore` as data (the lot engine's fixed-point integers, or a Decimal's digit words,
 * in columns; the disposing entry, each lot's source entry, a price recipe). Strings, dates, term,
 * rule, flags and tax year are ordinary own properties; `amount`, `proceeds`, `costBasis`, `gain`,
 * `entries`, `lots` and `prices` are getters that build the value on first read, cache it, and
 * give the same strings, Dates and Decimal values (proceeds in the constructor they came in;
 * amounts and bases, from fixed point, as 60- and 34-digit Decimals), in the same order. `toJSON`
 * writes every field in the order of the `DisposalLine` interface, so JSON (the result cache's
 * tagged JSON included) sees a plain line. Consumers read fields, which works the same; only a
 * deep equality against a plain object literal sees the difference.
 */

/** A price that is the row's own amount in the reporting currency: rebuilt from the row on demand. */
export interface RowPrice {
  readonly field: "receivedAmount" | "sentAmount" | "fiatValue";
  readonly currency: string;
  readonly source: string;
}

export function rowPriceUsed(row: RowPrice, entry: LedgerEntry): PriceUsed {
  const amount = entry[row.field] as Decimal;
  // What Valuer.fiat records for an amount already in the reporting currency.
  return { asset: row.currency, amount, value: amount, currency: row.currency, price: null, source: row.source, at: entry.time };
}

/**
 * What the lines of one engine run keep, as columns: per line its entry, price trail and first
 * piece; per piece (a lot a line used) the lot's source entry (every lot is identified by the
 * entry that acquired it: id = externalId = that entry's externalId, its account and time),
 * whether its basis is unknown, and its units and basis.
 */
export class LineStore {
  private readonly entries: LedgerEntry[] = [];
  private readonly prices: (PriceUsed[] | RowPrice)[] = [];
  /** First piece of each line (a line's pieces end where the next line's start). */
  private readonly firstPiece = new IntColumn();
  private readonly origins: LedgerEntry[] = [];
  /** Pieces with unknown basis, by index (few). */
  private missing: Set<number> | null = null;
  /** Per piece: units (in its line's scale: one book, one instant) and basis (fixed.ts MONEY_SCALE). */
  private readonly units = new UnitColumn();
  /** Per line. */
  private readonly scales = new IntColumn();
  private readonly bases = new MoneyColumn();
  /** Per line: its amount (units in `scales`' decimal places), proceeds and cost basis (MONEY_SCALE). */
  private readonly amounts = new UnitColumn();
  private readonly proceeds = new DecimalColumn();
  private readonly costBases = new MoneyColumn();

  /**
   * Starts a line of `units` (in `scale` decimal places) disposed of; its pieces (`piece`) follow,
   * in the same scale. Returns the line's index.
   */
  line(entry: LedgerEntry, prices: PriceUsed[] | RowPrice, units: bigint, scale: number, proceeds: Decimal, costBasis: bigint): number {
    const i = this.entries.length;
    this.entries.push(entry);
    this.prices.push(prices);
    this.firstPiece.push(this.origins.length);
    this.scales.push(scale);
    this.amounts.push(units);
    this.proceeds.push(proceeds);
    this.costBases.push(costBasis);
    return i;
  }

  /** A line's figures, each as a new Decimal. */
  amountOf(line: number): Decimal {
    return fromBig(this.amounts.get(line), this.scales.get(line), Q);
  }

  proceedsOf(line: number): Decimal {
    return this.proceeds.get(line);
  }

  costBasisOf(line: number): Decimal {
    return fromBig(this.costBases.get(line), MONEY_SCALE, D);
  }

  /** Adds a piece to the line started last: `units` in the line's scale. */
  piece(origin: LedgerEntry, units: bigint, basis: bigint, basisMissing: boolean): void {
    if (basisMissing) (this.missing ??= new Set()).add(this.origins.length);
    this.origins.push(origin);
    this.units.push(units);
    this.bases.push(basis);
  }

  entry(line: number): LedgerEntry {
    return this.entries[line] as LedgerEntry;
  }

  pricesOf(line: number): PriceUsed[] {
    const p = this.prices[line] as PriceUsed[] | RowPrice;
    return Array.isArray(p) ? p : [rowPriceUsed(p, this.entries[line] as LedgerEntry)];
  }

  lotsOf(line: number): ConsumedLot[] {
    const out: ConsumedLot[] = [];
    const end = line + 1 < this.firstPiece.length ? this.firstPiece.get(line + 1) : this.origins.length;
    const scale = this.scales.get(line);
    for (let k = this.firstPiece.get(line); k < end; k++) {
      const e = this.origins[k] as LedgerEntry;
      out.push({ id: e.externalId, externalId: e.externalId, account: e.account, acquiredAt: e.time, amount: fromBig(this.units.get(k), scale, Q), costBasis: fromBig(this.bases.get(k), MONEY_SCALE, D), basisMissing: this.missing?.has(k) === true });
    }
    return out;
  }
}

interface Built {
  amount?: Decimal;
  proceeds?: Decimal;
  costBasis?: Decimal;
  entries?: string[];
  lots?: ConsumedLot[];
  prices?: PriceUsed[];
  gain?: Decimal;
}

export class LotLine implements DisposalLine {
  disposalId: string;
  kind: DisposalKind;
  asset: string;
  account: string;
  acquiredAt: Date | null;
  disposedAt: Date;
  term: Term | null;
  rule: MethodId;
  basisMissing: boolean;
  priceMissing: boolean;
  taxYear: number;
  readonly #store: LineStore;
  readonly #line: number;
  #built: Built | null = null;

  constructor(
    store: LineStore,
    line: number,
    disposalId: string,
    kind: DisposalKind,
    asset: string,
    account: string,
    acquiredAt: Date | null,
    disposedAt: Date,
    term: Term,
    rule: MethodId,
    basisMissing: boolean,
    priceMissing: boolean,
    taxYear: number,
  ) {
    this.disposalId = disposalId;
    this.kind = kind;
    this.asset = asset;
    this.account = account;
    this.acquiredAt = acquiredAt;
    this.disposedAt = disposedAt;
    this.term = term;
    this.rule = rule;
    this.basisMissing = basisMissing;
    this.priceMissing = priceMissing;
    this.taxYear = taxYear;
    this.#store = store;
    this.#line = line;
  }

  #cache(): Built {
    return (this.#built ??= {});
  }

  get amount(): Decimal {
    const b = this.#cache();
    return (b.amount ??= this.#store.amountOf(this.#line));
  }

  set amount(v: Decimal) {
    this.#cache().amount = v;
  }

  get proceeds(): Decimal {
    const b = this.#cache();
    return (b.proceeds ??= this.#store.proceedsOf(this.#line));
  }

  set proceeds(v: Decimal) {
    this.#cache().proceeds = v;
  }

  get costBasis(): Decimal {
    const b = this.#cache();
    return (b.costBasis ??= this.#store.costBasisOf(this.#line));
  }

  set costBasis(v: Decimal) {
    this.#cache().costBasis = v;
  }

  get entries(): string[] {
    const b = this.#cache();
    return (b.entries ??= [this.#store.entry(this.#line).externalId]);
  }

  set entries(v: string[]) {
    this.#cache().entries = v;
  }

  get gain(): Decimal {
    const b = this.#cache();
    return (b.gain ??= sub(this.proceeds, this.costBasis));
  }

  set gain(v: Decimal) {
    this.#cache().gain = v;
  }

  get lots(): ConsumedLot[] {
    const b = this.#cache();
    return (b.lots ??= this.#store.lotsOf(this.#line));
  }

  set lots(v: ConsumedLot[]) {
    this.#cache().lots = v;
  }

  get prices(): PriceUsed[] {
    const b = this.#cache();
    return (b.prices ??= this.#store.pricesOf(this.#line));
  }

  set prices(v: PriceUsed[]) {
    this.#cache().prices = v;
  }

  /** A plain line, as the eager engine made it (JSON.stringify and the result cache use this). */
  toJSON(): DisposalLine {
    return {
      disposalId: this.disposalId,
      entries: this.entries,
      kind: this.kind,
      asset: this.asset,
      amount: this.amount,
      account: this.account,
      acquiredAt: this.acquiredAt,
      disposedAt: this.disposedAt,
      proceeds: this.proceeds,
      costBasis: this.costBasis,
      gain: this.gain,
      term: this.term,
      rule: this.rule,
      lots: this.lots,
      prices: this.prices,
      basisMissing: this.basisMissing,
      priceMissing: this.priceMissing,
      taxYear: this.taxYear,
    };
  }
}
