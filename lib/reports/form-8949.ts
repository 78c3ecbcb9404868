import type Decimal from "decimal.js";
import { QZERO, ZERO } from "../tax/decimal";
import type { DisposalLine, TaxResult, Term } from "../tax/types";
import { CsvWriter } from "./csv";
import { formRevisionFor, type FormRevision } from "./forms";
import { decimalsOf, exact, fixed, roundMoney, usDate, type Rounding } from "./format";
import { metaLine, type ReportMeta } from "./report-meta";

/**
 * Form 8949 rows from the engine's disposals (tax-rules notes 1.7, 1.9).
 *
 * Boxes. Part I (short-term) and Part II (long-term) each take one box per copy:
 * - tax years to 2024 (2024 revision): A/D basis reported on a 1099-B, B/E 1099-B without basis,
 *   C/F not on a 1099-B;
 * - from tax year 2025 digital assets use G/J (1099-DA, basis reported), H/K (1099-DA, basis not
 *   reported) and I/L (not on a 1099-DA); C/F are "other than digital asset" boxes from then on
 *   (2025 Instructions for Form 8949).
 * Self-tracked crypto has no broker statement behind it, so the default is "not reported": C/F
 * before 2025 and I/L from 2025. A disposal or a whole account can be moved to another category
 * with `reporting` (e.g. an exchange that sent a 1099-DA with basis for its covered units).
 *
 * Rows. One row per lot a disposal used ("lot", default): each row then has the lot's own
 * acquisition date, and proceeds are split over the lots pro rata by units (the last lot takes
 * the remainder, so rows add up to the disposal exactly). "disposal-line" gives one row per engine
 * line with "VARIOUS" in column (b) when its lots were acquired on different dates (Form 8949
 * instructions, column (b)). Units with no lot behind them (missing history) are a row of their
 * own with column (b) blank and `basisMissing` set.
 *
 * Rounding (notes 1.9; AMBIGUOUS whether rows are rounded before totalling): every row's (d), (e)
 * and (g) are rounded ("cents" default, or "whole-dollars" half-up) and (h) = (d) - (e) + (g) is
 * computed from the rounded entries, so each printed row and page adds up; `exactTotals` keep the
 * unrounded sums, from which Schedule D rounds its lines.
 */

export type Box8949 = "A" | "B" | "C" | "D" | "E" | "F" | "G" | "H" | "I" | "J" | "K" | "L";

/** How a disposal was reported to the IRS by a broker, which picks the 8949 box. */
export type ReportingCategory = "basis-reported" | "basis-not-reported" | "not-reported";

export interface ReportingHints {
  /** By disposal id (`DisposalLine.disposalId`, the ledger externalId of the disposal). */
  byDisposal?: Readonly<Record<string, ReportingCategory>>;
  /** By account, for a broker that reports everything sold there the same way. */
  byAccount?: Readonly<Record<string, ReportingCategory>>;
}

export type RowGranularity = "lot" | "disposal-line";

export interface Form8949Options {
  /** Tax year; default the result's `settings.year`. */
  year?: number;
  rounding?: Rounding;
  granularity?: RowGranularity;
  reporting?: ReportingHints;
}

export type Part8949 = "I" | "II";

export interface Money8949 {
  proceeds: Decimal;
  costBasis: Decimal;
  adjustment: Decimal;
  gain: Decimal;
}

export interface Form8949Row extends Money8949 {
  part: Part8949;
  box: Box8949;
  /** Column (a), e.g. "0.5 BTC". */
  description: string;
  /** Column (b): MM/DD/YYYY, "VARIOUS", or "" when no lot is known. */
  dateAcquired: string;
  /** Column (c): MM/DD/YYYY. */
  dateSold: string;
  /** Column (f). Crypto has no wash-sale rule (notes 1.8), so Lotwise writes no codes today. */
  adjustmentCode: string;
  /** Unrounded (d), (e), (g), (h). */
  exact: Money8949;
  asset: string;
  amount: Decimal;
  account: string;
  disposalId: string;
  /** The lot (acquiring entry's externalId); null for units with no lot or a "disposal-line" row. */
  lotId: string | null;
  basisMissing: boolean;
  priceMissing: boolean;
}

export interface Form8949Group {
  part: Part8949;
  term: Term;
  box: Box8949;
  rows: Form8949Row[];
  /** Sums of the rounded rows (what the copies' line 2 add up to). */
  totals: Money8949;
  /** Sums of the unrounded rows. */
  exactTotals: Money8949;
}

export interface Form8949Rows {
  taxYear: number;
  revision: FormRevision;
  rounding: Rounding;
  rowsPerPage: number;
  groups: Form8949Group[];
}

const BOXES: Readonly<Record<FormRevision, Readonly<Record<Term, Readonly<Record<ReportingCategory, Box8949>>>>>> = {
  2024: {
    short: { "basis-reported": "A", "basis-not-reported": "B", "not-reported": "C" },
    long: { "basis-reported": "D", "basis-not-reported": "E", "not-reported": "F" },
  },
  2025: {
    short: { "basis-reported": "G", "basis-not-reported": "H", "not-reported": "I" },
    long: { "basis-reported": "J", "basis-not-reported": "K", "not-reported": "L" },
  },
};

/** Rows per Part on one page: 14 on the 2024 revision, 11 on 2025 (tax-rules notes 1.7). */
export const ROWS_PER_PAGE: Readonly<Record<FormRevision, number>> = { 2024: 14, 2025: 11 };

export function boxFor(taxYear: number, term: Term, category: ReportingCategory): Box8949 {
  return BOXES[formRevisionFor(taxYear)][term][category];
}

function categoryOf(line: DisposalLine, hints: ReportingHints | undefined): ReportingCategory {
  return hints?.byDisposal?.[line.disposalId] ?? hints?.byAccount?.[line.account] ?? "not-reported";
}

export const zeroMoney = (): Money8949 => ({ proceeds: ZERO, costBasis: ZERO, adjustment: ZERO, gain: ZERO });

export function addMoney(a: Money8949, b: Money8949): Money8949 {
  return { proceeds: a.proceeds.plus(b.proceeds), costBasis: a.costBasis.plus(b.costBasis), adjustment: a.adjustment.plus(b.adjustment), gain: a.gain.plus(b.gain) };
}

interface Piece {
  amount: Decimal;
  proceeds: Decimal;
  costBasis: Decimal;
  acquired: string;
  lotId: string | null;
}

/** A line split into rows (see the module comment). */
function pieces(line: DisposalLine, granularity: RowGranularity, timeZone: string): Piece[] {
  const lots = line.lots;
  let lotUnits = QZERO;
  for (const l of lots) lotUnits = lotUnits.plus(l.amount);
  if (granularity === "disposal-line" || lots.length === 0 || line.amount.isZero() || !lotUnits.eq(line.amount)) {
    const dates = new Set(lots.filter((l) => l.acquiredAt !== null).map((l) => usDate(l.acquiredAt as Date, timeZone)));
    const acquired = dates.size > 1 ? "VARIOUS" : dates.size === 1 ? ([...dates][0] as string) : "";
    return [{ amount: line.amount, proceeds: line.proceeds, costBasis: line.costBasis, acquired, lotId: lots.length === 1 ? (lots[0]?.id ?? null) : null }];
  }
  const out: Piece[] = [];
  let proceedsLeft = line.proceeds;
  lots.forEach((l, k) => {
    const last = k === lots.length - 1;
    const proceeds = last ? proceedsLeft : line.proceeds.times(l.amount).div(line.amount);
    proceedsLeft = proceedsLeft.minus(proceeds);
    out.push({ amount: l.amount, proceeds, costBasis: l.costBasis, acquired: l.acquiredAt ? usDate(l.acquiredAt, timeZone) : "", lotId: l.id });
  });
  return out;
}

export function build8949Rows(result: TaxResult, options: Form8949Options = {}): Form8949Rows {
  if (result.settings.jurisdiction !== "us") throw new RangeError(`Form 8949 is a US form; this result is for ${result.settings.jurisdiction}`);
  const taxYear = options.year ?? result.settings.year;
  if (taxYear === null || taxYear === undefined) throw new RangeError("build8949Rows: the result covers every year; pass options.year");
  const revision = formRevisionFor(taxYear);
  const rounding = options.rounding ?? "cents";
  const granularity = options.granularity ?? "lot";
  const tz = result.settings.timeZone;
  const groups = new Map<Box8949, Form8949Group>();

  for (const line of result.disposals) {
    if (line.taxYear !== taxYear) continue;
    // The US engine always sets a term; a missing one (never expected) is treated as short-term.
    const term: Term = line.term ?? "short";
    const part: Part8949 = term === "short" ? "I" : "II";
    const box = BOXES[revision][term][categoryOf(line, options.reporting)];
    let g = groups.get(box);
    if (!g) groups.set(box, (g = { part, term, box, rows: [], totals: zeroMoney(), exactTotals: zeroMoney() }));
    const sold = usDate(line.disposedAt, tz);
    for (const p of pieces(line, granularity, tz)) {
      const ex: Money8949 = { proceeds: p.proceeds, costBasis: p.costBasis, adjustment: ZERO, gain: p.proceeds.minus(p.costBasis) };
      const proceeds = roundMoney(p.proceeds, rounding);
      const costBasis = roundMoney(p.costBasis, rounding);
      const adjustment = roundMoney(ZERO, rounding);
      const row: Form8949Row = {
        part,
        box,
        description: `${exact(p.amount)} ${line.asset}`,
        dateAcquired: p.acquired,
        dateSold: sold,
        proceeds,
        costBasis,
        adjustmentCode: "",
        adjustment,
        gain: proceeds.minus(costBasis).plus(adjustment),
        exact: ex,
        asset: line.asset,
        amount: p.amount,
        account: line.account,
        disposalId: line.disposalId,
        lotId: p.lotId,
        basisMissing: line.basisMissing,
        priceMissing: line.priceMissing,
      };
      g.rows.push(row);
      g.totals = addMoney(g.totals, row);
      g.exactTotals = addMoney(g.exactTotals, ex);
    }
  }
  const ordered = [...groups.values()].sort((a, b) => (a.box < b.box ? -1 : a.box > b.box ? 1 : 0));
  return { taxYear, revision, rounding, rowsPerPage: ROWS_PER_PAGE[revision], groups: ordered };
}

/** The documented header of the Form 8949 CSV. */
export const FORM_8949_CSV_HEADER = [
  "Part",
  "Box",
  "Description",
  "Date Acquired",
  "Date Sold",
  "Proceeds",
  "Cost Basis",
  "Adjustment Code",
  "Adjustment Amount",
  "Gain or Loss",
  "Asset",
  "Amount",
  "Account",
  "Disposal ID",
  "Lot ID",
  "Basis Missing",
  "Price Missing",
] as const;

/**
 * The same rows as the PDF, one CSV line each, amounts rounded as on the form (plain decimals,
 * losses negative). Line 1 is a `#` comment with the report meta, line 2 the header.
 */
export function render8949Csv(rows: Form8949Rows, meta: ReportMeta, options: { eol?: "\r\n" | "\n" } = {}): string {
  const w = new CsvWriter(options);
  const dp = decimalsOf(rows.rounding);
  w.comment(`Form 8949 rows (${rows.revision} revision, ${rows.rounding}) | ${metaLine(meta)}`);
  w.row(FORM_8949_CSV_HEADER);
  for (const g of rows.groups) {
    for (const r of g.rows) {
      w.row([
        r.part,
        r.box,
        r.description,
        r.dateAcquired,
        r.dateSold,
        fixed(r.proceeds, dp),
        fixed(r.costBasis, dp),
        r.adjustmentCode,
        r.adjustment.isZero() ? "" : fixed(r.adjustment, dp),
        fixed(r.gain, dp),
        r.asset,
        exact(r.amount),
        r.account,
        r.disposalId,
        r.lotId ?? "",
        r.basisMissing,
        r.priceMissing,
      ]);
    }
  }
  return w.toString();
}

export { render8949Pdf, type Render8949Options } from "./form-8949-pdf";
