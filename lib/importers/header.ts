import type Decimal from "decimal.js";
import { parseDecimal, ZERO } from "./amounts";
import { normalizeAsset } from "./assets";
import type { ImportContext, Row } from "./types";

/**
 * A column as an export names it. Strings match case-insensitively with whitespace collapsed
 * (Coinbase Pro ships `Trade id` and `trade id`); a RegExp handles names that embed data
 * (KuCoin `Filled Time(UTC+08:00)`); `nth` picks among repeated names (OKX has two `Unit`
 * columns: amount unit, then balance unit), so repeated headers map by position.
 */
export type ColumnSpec = string | { match: RegExp; label: string; nth?: number };

export function normalizeHeaderCell(cell: string): string {
  return cell.replace(/^\uFEFF/, "").trim().replace(/\s+/g, " ").toLowerCase();
}

export class Header {
  readonly keys: string[];
  constructor(
    readonly cells: readonly string[],
    /** 1-based file line of the header row (after any preamble). */
    readonly line = 1,
  ) {
    this.keys = cells.map(normalizeHeaderCell);
  }

  indexOf(spec: ColumnSpec): number {
    if (typeof spec === "string") return this.keys.indexOf(normalizeHeaderCell(spec));
    let seen = 0;
    for (let i = 0; i < this.keys.length; i++) {
      if (spec.match.test(this.keys[i] ?? "") && seen++ === (spec.nth ?? 0)) return i;
    }
    return -1;
  }

  has(spec: ColumnSpec): boolean {
    return this.indexOf(spec) >= 0;
  }

  /** The column name as the file writes it (for error messages). */
  label(index: number): string {
    return (this.cells[index] ?? "").replace(/^\uFEFF/, "").trim();
  }
}

export function specLabel(spec: ColumnSpec): string {
  return typeof spec === "string" ? spec : spec.label;
}

/** Marks a column the parser reads when present. */
export interface OptionalColumn {
  optional: ColumnSpec;
}
export type ColumnDef = ColumnSpec | OptionalColumn;

function specOf(def: ColumnDef): { spec: ColumnSpec; optional: boolean } {
  return typeof def === "object" && "optional" in def ? { spec: def.optional, optional: true } : { spec: def, optional: false };
}

/** Column positions resolved once per file; `-1` for an absent optional column. */
export class Columns<K extends string> {
  readonly index: Record<K, number>;
  constructor(
    readonly header: Header,
    defs: Record<K, ColumnDef>,
  ) {
    const index = {} as Record<K, number>;
    for (const key of Object.keys(defs) as K[]) index[key] = header.indexOf(specOf(defs[key]).spec);
    this.index = index;
  }

  static missing(header: Header, defs: Record<string, ColumnDef>): string[] {
    return Object.values(defs)
      .map(specOf)
      .filter((d) => !d.optional && !header.has(d.spec))
      .map((d) => specLabel(d.spec));
  }

  read(row: Row, ctx: ImportContext): Cells<K> {
    return new Cells(this, row, ctx);
  }
}

/**
 * Typed access to one row's cells. Each accessor records a line-and-column error on bad input and
 * returns a placeholder, so a parser reads every cell, then checks `failed` once: all problems
 * of a row are reported together.
 */
export class Cells<K extends string> {
  failed = false;
  constructor(
    private readonly cols: Columns<K>,
    readonly row: Row,
    private readonly ctx: ImportContext,
  ) {}

  get line(): number {
    return this.row.line;
  }

  at(index: number): string {
    return index < 0 ? "" : (this.row.cells[index] ?? "").trim();
  }

  text(key: K): string {
    return this.at(this.cols.index[key]);
  }

  has(key: K): boolean {
    return this.cols.index[key] >= 0;
  }

  failAt(index: number, reason: string): void {
    this.failed = true;
    this.ctx.error(this.row.line, index >= 0 ? this.cols.header.label(index) : undefined, reason);
  }

  fail(key: K | null, reason: string): void {
    this.failAt(key === null ? -1 : this.cols.index[key], reason);
  }

  required(key: K): string {
    const v = this.text(key);
    if (v === "") this.fail(key, "missing value");
    return v;
  }

  decimalAt(index: number): Decimal {
    const raw = this.at(index);
    const d = parseDecimal(raw);
    if (d === null) {
      this.failAt(index, raw === "" ? "missing amount" : `non-numeric amount "${raw}"`);
      return ZERO;
    }
    return d;
  }

  decimal(key: K): Decimal {
    return this.decimalAt(this.cols.index[key]);
  }

  /** Empty cell → null; anything else must be a number. */
  optionalDecimal(key: K): Decimal | null {
    const index = this.cols.index[key];
    return this.at(index) === "" ? null : this.decimalAt(index);
  }

  time(key: K, parse: (raw: string) => Date | null): Date {
    const raw = this.text(key);
    const d = raw === "" ? null : parse(raw);
    if (d === null) {
      this.fail(key, raw === "" ? "invalid date: empty" : `invalid date "${raw}"`);
      return new Date(0);
    }
    return d;
  }

  assetAt(index: number, normalize: (code: string) => string = normalizeAsset): string {
    const raw = this.at(index);
    const asset = raw === "" ? "" : normalize(raw);
    if (asset === "") this.failAt(index, `unknown asset "${raw}"`);
    return asset;
  }

  asset(key: K, normalize?: (code: string) => string): string {
    return this.assetAt(this.cols.index[key], normalize);
  }
}
