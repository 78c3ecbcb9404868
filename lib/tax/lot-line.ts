import type Decimal from "decimal.js";
import type { LedgerEntry } from "../ledger/types";
import { DecimalColumn, IntColumn } from "./decimal-column";
import { sub } from "./decimal";
import type { ConsumedLot, DisposalKind, DisposalLine, MethodId, PriceUsed, Term } from "./types";

/**
 * US/DE disposal lines kept as data and turned into objects when read. A 1M-row ledger makes
 * about half a million lines; built eagerly, their Decimals, lot lists, price lists and entry lists
 * were most of the engine's memory and of its garbage-collection time, and even as objects of
 * plain fields (16 of them) they were the largest thing every minor collection had to copy. Every
 * figure is computed when the engine runs, exactly as before; the line is then kept in a
 * `LineStore` as columns: Decimal figures as digit words in typed arrays, flags, term, rule, kind
 * and tax year as integers, and references to what already exists (the disposing entry and its
 * holder, the disposal id and date, each lot's source entry, a price recipe). A `LotLine` is just
 * the store and its row; every field is a getter giving what the eager engine gave: the same
 * strings, Dates and Decimal values (same constructor, same digits), in the same order, built
 * objects cached on first read. `toJSON` writes every field in the order of the `DisposalLine`
 * interface, so JSON (the result cache's tagged JSON included) sees a plain line. Consumers read
 * fields, which works the same; only a deep equality against a plain object literal (or a spread)
 * sees the difference.
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

/** Who disposed: the holder (asset and account) a line's units came from. */
export interface LineHolder {
  readonly asset: string;
  readonly account: string;
}

const KINDS: readonly DisposalKind[] = ["sale", "trade", "spend", "gift", "fee", "transfer-fee"];
const RULES: readonly MethodId[] = ["fifo", "lifo", "hifo", "specific"];
const KIND_CODE = new Map(KINDS.map((k, i) => [k, i]));
const RULE_CODE = new Map(RULES.map((r, i) => [r, i]));
// Packed per line: kind (bits 0-2), rule (3-4), long term (5), basis missing (6), price missing (7).
const LONG = 1 << 5;
const BASIS_MISSING = 1 << 6;
const PRICE_MISSING = 1 << 7;

/** What a line is, besides its figures and pieces (`LineStore.line`). */
export interface LineFacts {
  id: string;
  kind: DisposalKind;
  holder: LineHolder;
  at: Date;
  term: Term;
  rule: MethodId;
  basisMissing: boolean;
  priceMissing: boolean;
  taxYear: number;
}

/**
 * What the lines of one engine run keep, as columns: per line its entry, id, holder, date, price
 * trail, packed facts, tax year, first piece and earliest piece; per piece (a lot a line used) the
 * lot's source entry (every lot is identified by the entry that acquired it: id = externalId =
 * that entry's externalId, its account and time), whether its basis is unknown, and its units and
 * basis.
 */
export class LineStore {
  private readonly entries: LedgerEntry[] = [];
  private readonly ids: string[] = [];
  private readonly holders: LineHolder[] = [];
  private readonly dates: Date[] = [];
  private readonly prices: (PriceUsed[] | RowPrice)[] = [];
  private readonly facts = new IntColumn();
  private readonly years = new IntColumn();
  /** First piece of each line (a line's pieces end where the next line's start). */
  private readonly firstPiece = new IntColumn();
  /** The piece whose lot was acquired first (the line's `acquiredAt`); -1: no pieces. */
  private readonly earliest = new IntColumn();
  private readonly origins: LedgerEntry[] = [];
  /** Pieces with unknown basis, by index (few). */
  private missing: Set<number> | null = null;
  /** Units at 2k, basis at 2k + 1 for piece k. */
  private readonly values = new DecimalColumn();
  /** Amount, proceeds and cost basis of line i at 3i, 3i + 1, 3i + 2. */
  private readonly figures = new DecimalColumn();

  /**
   * Starts a line; its pieces follow (`piece`), `earliest` of them (0-based, in the order they
   * are added) acquired first, -1 for none. Returns the line's index.
   */
  line(entry: LedgerEntry, prices: PriceUsed[] | RowPrice, amount: Decimal, proceeds: Decimal, costBasis: Decimal, f: LineFacts, earliest: number): number {
    const i = this.entries.length;
    this.entries.push(entry);
    this.ids.push(f.id);
    this.holders.push(f.holder);
    this.dates.push(f.at);
    this.prices.push(prices);
    this.facts.push((KIND_CODE.get(f.kind) as number) | ((RULE_CODE.get(f.rule) as number) << 3) | (f.term === "long" ? LONG : 0) | (f.basisMissing ? BASIS_MISSING : 0) | (f.priceMissing ? PRICE_MISSING : 0));
    this.years.push(f.taxYear);
    this.firstPiece.push(this.origins.length);
    this.earliest.push(earliest < 0 ? -1 : this.origins.length + earliest);
    this.figures.push(amount);
    this.figures.push(proceeds);
    this.figures.push(costBasis);
    return i;
  }

  /** Figure `which` (0 amount, 1 proceeds, 2 cost basis) of a line, as a new Decimal. */
  figure(line: number, which: 0 | 1 | 2): Decimal {
    return this.figures.get(3 * line + which);
  }

  /** Adds a piece to the line started last. */
  piece(origin: LedgerEntry, amount: Decimal, basis: Decimal, basisMissing: boolean): void {
    if (basisMissing) (this.missing ??= new Set()).add(this.origins.length);
    this.origins.push(origin);
    this.values.push(amount);
    this.values.push(basis);
  }

  entry(line: number): LedgerEntry {
    return this.entries[line] as LedgerEntry;
  }

  id(line: number): string {
    return this.ids[line] as string;
  }

  holder(line: number): LineHolder {
    return this.holders[line] as LineHolder;
  }

  date(line: number): Date {
    return this.dates[line] as Date;
  }

  acquiredAt(line: number): Date | null {
    const k = this.earliest.get(line);
    return k < 0 ? null : (this.origins[k] as LedgerEntry).time;
  }

  kind(line: number): DisposalKind {
    return KINDS[this.facts.get(line) & 7] as DisposalKind;
  }

  rule(line: number): MethodId {
    return RULES[(this.facts.get(line) >>> 3) & 3] as MethodId;
  }

  term(line: number): Term {
    return this.facts.get(line) & LONG ? "long" : "short";
  }

  basisMissing(line: number): boolean {
    return (this.facts.get(line) & BASIS_MISSING) !== 0;
  }

  priceMissing(line: number): boolean {
    return (this.facts.get(line) & PRICE_MISSING) !== 0;
  }

  taxYear(line: number): number {
    return this.years.get(line);
  }

  pricesOf(line: number): PriceUsed[] {
    const p = this.prices[line] as PriceUsed[] | RowPrice;
    return Array.isArray(p) ? p : [rowPriceUsed(p, this.entries[line] as LedgerEntry)];
  }

  lotsOf(line: number): ConsumedLot[] {
    const out: ConsumedLot[] = [];
    const end = line + 1 < this.firstPiece.length ? this.firstPiece.get(line + 1) : this.origins.length;
    for (let k = this.firstPiece.get(line); k < end; k++) {
      const e = this.origins[k] as LedgerEntry;
      out.push({ id: e.externalId, externalId: e.externalId, account: e.account, acquiredAt: e.time, amount: this.values.get(2 * k), costBasis: this.values.get(2 * k + 1), basisMissing: this.missing?.has(k) === true });
    }
    return out;
  }
}

/** Built or assigned values, kept once made (a line is read many times by reports). */
interface Built {
  amount?: Decimal;
  proceeds?: Decimal;
  costBasis?: Decimal;
  entries?: string[];
  lots?: ConsumedLot[];
  prices?: PriceUsed[];
  gain?: Decimal;
}

/**
 * A line of the store. The built fields (figures, entries, lots, prices) may be replaced; the
 * scalars are read-only views of the store (nothing assigns them, and a read-only line cannot
 * drift from the data the checkpoints and totals were made from).
 */
export class LotLine implements DisposalLine {
  readonly #store: LineStore;
  readonly #line: number;
  #built: Built | null = null;

  constructor(store: LineStore, line: number) {
    this.#store = store;
    this.#line = line;
  }

  #cache(): Built {
    return (this.#built ??= {});
  }

  get disposalId(): string {
    return this.#store.id(this.#line);
  }

  get kind(): DisposalKind {
    return this.#store.kind(this.#line);
  }

  get asset(): string {
    return this.#store.holder(this.#line).asset;
  }

  get account(): string {
    return this.#store.holder(this.#line).account;
  }

  get acquiredAt(): Date | null {
    return this.#store.acquiredAt(this.#line);
  }

  get disposedAt(): Date {
    return this.#store.date(this.#line);
  }

  get term(): Term {
    return this.#store.term(this.#line);
  }

  get rule(): MethodId {
    return this.#store.rule(this.#line);
  }

  get basisMissing(): boolean {
    return this.#store.basisMissing(this.#line);
  }

  get priceMissing(): boolean {
    return this.#store.priceMissing(this.#line);
  }

  get taxYear(): number {
    return this.#store.taxYear(this.#line);
  }

  get amount(): Decimal {
    const b = this.#cache();
    return (b.amount ??= this.#store.figure(this.#line, 0));
  }

  set amount(v: Decimal) {
    this.#cache().amount = v;
  }

  get proceeds(): Decimal {
    const b = this.#cache();
    return (b.proceeds ??= this.#store.figure(this.#line, 1));
  }

  set proceeds(v: Decimal) {
    this.#cache().proceeds = v;
  }

  get costBasis(): Decimal {
    const b = this.#cache();
    return (b.costBasis ??= this.#store.figure(this.#line, 2));
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
