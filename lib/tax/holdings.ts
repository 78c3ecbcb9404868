import type Decimal from "decimal.js";
import { QZERO } from "./decimal";
import { QTY_SCALE } from "./fixed";
import { ExactSum } from "./exact-sum";
import type { TermBuckets } from "./jurisdictions/buckets";
import type { Lot } from "./lots";
import type { LotPool } from "./methods";

/**
 * Units of one asset in one account: the running balance and, per-account scope, its lots. The
 * balance is kept as an `ExactSum` (the same chain of `plus`/`minus` as a Decimal field would be,
 * without a new Decimal per event); `balance` reads it as a Decimal and assigning it starts over.
 */
export class Holder {
  /** Balance is below zero and a warning was given (warn once per dip, not per row). */
  negative = false;
  /** Per-account scope: this account's lots. */
  pool: LotPool | null = null;
  /** Universal scope: lots labelled as held here, oldest label first (transfer tracing). */
  traced: Lot[] = [];
  tracedHead = 0;
  /** Compact `traced` when it grows past this (amortised: consumed lots are dropped). */
  tracedLimit = 1024;
  private units: ExactSum;

  constructor(
    readonly asset: string,
    readonly account: string,
    readonly book: AssetBook,
    balance: Decimal = QZERO,
  ) {
    this.units = new ExactSum(balance);
  }

  get balance(): Decimal {
    return this.units.value();
  }

  set balance(value: Decimal) {
    this.units = new ExactSum(value);
  }

  credit(amount: Decimal): void {
    this.units.add(amount);
  }

  /** Takes `amount` off; returns whether the balance is now below zero. */
  debit(amount: Decimal): boolean {
    this.units.sub(amount);
    return this.units.isNeg();
  }

  isNeg(): boolean {
    return this.units.isNeg();
  }
}

export interface AssetBook {
  readonly asset: string;
  readonly holders: Holder[];
  readonly byAccount: Map<string, Holder>;
  /** Universal scope: every lot of the asset, whichever account holds it. */
  pool: LotPool | null;
  /** Lots are identified per account (from the start, or since the 2025 switch). */
  perAccount: boolean;
  /** Short/long totals of this asset's lines per tax year (kept only for checkpoints). */
  buckets: TermBuckets | null;
  /** Decimal places of the lots' units (fixed.ts): QTY_SCALE, more once a finer amount arrives. */
  scale: number;
}

/** Called with each book created (checkpointing records the order assets first appear in). */
export type BookHook = (book: AssetBook) => void;

/** One lookup per event: asset -> account -> holder. */
export class Holdings {
  readonly books = new Map<string, AssetBook>();
  /** Scope of books created from now on (the lot engine sets it). */
  newBooksPerAccount = false;
  /** Checkpointing: sees every book before an event changes it, and every new book. */
  touch: BookHook | null = null;
  created: BookHook | null = null;

  get(asset: string, account: string): Holder {
    let book = this.books.get(asset);
    if (!book) {
      book = { asset, holders: [], byAccount: new Map(), pool: null, perAccount: this.newBooksPerAccount, buckets: null, scale: QTY_SCALE };
      this.books.set(asset, book);
      if (this.created !== null) this.created(book);
    }
    if (this.touch !== null) this.touch(book);
    let holder = book.byAccount.get(account);
    if (!holder) {
      holder = new Holder(asset, account, book);
      book.byAccount.set(account, holder);
      book.holders.push(holder);
    }
    return holder;
  }
}
