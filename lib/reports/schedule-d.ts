import type Decimal from "decimal.js";
import { dec, ZERO } from "../tax/decimal";
import { addMoney, zeroMoney, type Box8949, type Form8949Rows, type Money8949 } from "./form-8949";
import { loadFieldMap, type FormRevision, type ScheduleDLineFields } from "./forms";
import { decimalsOf, printed, roundMoney, type Rounding } from "./format";
import { fillForm } from "./pdf/fill-form";
import { formTemplate } from "./pdf/form-template";
import { metaLine, type ReportMeta } from "./report-meta";

/**
 * Schedule D (Form 1040) from the Form 8949 rows (tax-rules notes 1.7; Schedule D instructions):
 * - 2025 revision: line 1b = boxes A + G, 2 = B + H, 3 = C + I; 8b = D + J, 9 = E + K, 10 = F + L.
 *   2024 and earlier: 1b = A, 2 = B, 3 = C, 8b = D, 9 = E, 10 = F.
 * - Lines 1a/8a (1099 totals with basis reported and no adjustments, filed without 8949) are not
 *   used: Lotwise always files the rows on 8949. Lines 4, 5, 11, 12, 13 come from other forms.
 * - Line 7 = net short-term (h of 1b..3, minus the carryover on 6); 15 = net long-term (8b..10,
 *   minus 14); 16 = 7 + 15. Carryovers are the user's figures from last year's worksheet.
 * - Page 2: line 17 (are 15 and 16 both gains), line 21 for a net loss: the smaller of the loss and
 *   USD 3,000 (1,500 married filing separately). Lines 18-20 and 22 depend on the rest of the
 *   return (collectibles, section 1250, dividends) and are left to the user.
 * Rounding (notes 1.9): every line is rounded from the unrounded sum of the rows it includes; the
 * sum of the rounded 8949 copies is kept alongside (`fromCopies`) and `differs` flags a gap, which
 * the summary lists in `notes` (AMBIGUOUS in the instructions; both figures are shown).
 */

export type ScheduleDBoxLine = "1b" | "2" | "3" | "8b" | "9" | "10";

export interface ScheduleDLine {
  line: ScheduleDBoxLine;
  boxes: Box8949[];
  /** Rounded from `exact`. */
  proceeds: Decimal;
  costBasis: Decimal;
  adjustment: Decimal;
  gain: Decimal;
  exact: Money8949;
  /** Sum of the 8949 copies' line 2 (rounded rows). */
  fromCopies: Money8949;
  differs: boolean;
  /** 8949 pages behind the line. */
  copies: number;
  rows: number;
}

export interface ScheduleDOptions {
  /** Capital loss carryovers from last year's worksheet, as positive amounts (lines 6 and 14). */
  carryover?: { shortTerm?: Decimal; longTerm?: Decimal };
  /** "mfs" (married filing separately) halves the loss limit of line 21. */
  filingStatus?: "mfs" | "other";
}

export interface ScheduleDSummary {
  taxYear: number;
  revision: FormRevision;
  rounding: Rounding;
  lines: ScheduleDLine[];
  line6: Decimal;
  line7: Decimal;
  line14: Decimal;
  line15: Decimal;
  line16: Decimal;
  /** Are lines 15 and 16 both gains? null when line 16 is zero (the form skips to line 22). */
  line17: "yes" | "no" | null;
  /** Loss allowed this year (positive), when line 16 is a loss. */
  line21: Decimal | null;
  notes: string[];
}

const LINES: readonly { line: ScheduleDBoxLine; short: boolean; boxes: Record<FormRevision, Box8949[]> }[] = [
  { line: "1b", short: true, boxes: { 2024: ["A"], 2025: ["A", "G"] } },
  { line: "2", short: true, boxes: { 2024: ["B"], 2025: ["B", "H"] } },
  { line: "3", short: true, boxes: { 2024: ["C"], 2025: ["C", "I"] } },
  { line: "8b", short: false, boxes: { 2024: ["D"], 2025: ["D", "J"] } },
  { line: "9", short: false, boxes: { 2024: ["E"], 2025: ["E", "K"] } },
  { line: "10", short: false, boxes: { 2024: ["F"], 2025: ["F", "L"] } },
];

const round = (m: Money8949, r: Rounding): Money8949 => ({ proceeds: roundMoney(m.proceeds, r), costBasis: roundMoney(m.costBasis, r), adjustment: roundMoney(m.adjustment, r), gain: roundMoney(m.gain, r) });
const same = (a: Money8949, b: Money8949): boolean => a.proceeds.eq(b.proceeds) && a.costBasis.eq(b.costBasis) && a.adjustment.eq(b.adjustment) && a.gain.eq(b.gain);

export function buildScheduleD(rows: Form8949Rows, options: ScheduleDOptions = {}): ScheduleDSummary {
  const r = rows.rounding;
  const notes: string[] = [];
  let shortExact = ZERO;
  let longExact = ZERO;
  const lines = LINES.map((def): ScheduleDLine => {
    const boxes = def.boxes[rows.revision];
    let exactSum = zeroMoney();
    let fromCopies = zeroMoney();
    let copies = 0;
    let count = 0;
    for (const g of rows.groups) {
      if (!boxes.includes(g.box)) continue;
      exactSum = addMoney(exactSum, g.exactTotals);
      fromCopies = addMoney(fromCopies, g.totals);
      copies += Math.ceil(g.rows.length / rows.rowsPerPage);
      count += g.rows.length;
    }
    if (def.short) shortExact = shortExact.plus(exactSum.gain);
    else longExact = longExact.plus(exactSum.gain);
    const rounded = round(exactSum, r);
    const differs = !same(rounded, fromCopies);
    if (differs) notes.push(`line ${def.line}: rounded from the unrounded rows it is ${printed(rounded.gain, decimalsOf(r))}; the 8949 copies add up to ${printed(fromCopies.gain, decimalsOf(r))} (rows are rounded one by one; tax-rules notes 1.9)`);
    return { line: def.line, boxes, ...rounded, exact: exactSum, fromCopies, differs, copies, rows: count };
  });
  const line6 = roundMoney(options.carryover?.shortTerm?.abs() ?? ZERO, r);
  const line14 = roundMoney(options.carryover?.longTerm?.abs() ?? ZERO, r);
  // Lines 7, 15, 16: totals rounded once from the unrounded amounts (Form 1040 instructions,
  // "Rounding Off to Whole Dollars": add with cents, round only the total).
  const line7 = roundMoney(shortExact.minus(options.carryover?.shortTerm?.abs() ?? ZERO), r);
  const line15 = roundMoney(longExact.minus(options.carryover?.longTerm?.abs() ?? ZERO), r);
  const line16 = roundMoney(shortExact.plus(longExact).minus(options.carryover?.shortTerm?.abs() ?? ZERO).minus(options.carryover?.longTerm?.abs() ?? ZERO), r);
  let line17: ScheduleDSummary["line17"] = null;
  let line21: Decimal | null = null;
  if (line16.gt(0)) line17 = line15.gt(0) ? "yes" : "no";
  else if (line16.lt(0)) {
    const limit = roundMoney(dec(options.filingStatus === "mfs" ? 1500 : 3000), r);
    line21 = line16.abs().lt(limit) ? line16.abs() : limit;
    notes.push(`line 21: net capital loss ${printed(line16.abs(), decimalsOf(r))}; this year's deduction is limited to ${printed(limit, decimalsOf(r))}, the rest carries over (Schedule D instructions, Capital Loss Carryover Worksheet)`);
  }
  return { taxYear: rows.taxYear, revision: rows.revision, rounding: r, lines, line6, line7, line14, line15, line16, line17, line21, notes };
}

export interface RenderScheduleDOptions {
  tin?: string;
  flatten?: boolean;
  formsDir?: string;
}

function setLine(text: Map<string, string>, f: ScheduleDLineFields, l: ScheduleDLine, dp: number): void {
  if (l.rows === 0) return;
  text.set(f.d_proceeds, printed(l.proceeds, dp));
  text.set(f.e_cost_basis, printed(l.costBasis, dp));
  if (!l.adjustment.isZero()) text.set(f.g_adjustment, printed(l.adjustment, dp));
  text.set(f.h_gain_loss, printed(l.gain, dp));
}

/** The official Schedule D, filled from `buildScheduleD` (two pages, official field names). */
export async function renderScheduleDPdf(s: ScheduleDSummary, meta: ReportMeta, options: RenderScheduleDOptions = {}): Promise<Uint8Array> {
  const map = loadFieldMap(options.formsDir).f1040sd[String(s.revision) as "2024" | "2025"];
  const template = await formTemplate(map.source_pdf, options.formsDir);
  const dp = decimalsOf(s.rounding);
  const text = new Map<string, string>();
  const checked = new Set<string>();
  text.set(map.name, meta.taxpayerName ?? "");
  if (options.tin) text.set(map.ssn, options.tin);
  const byLine = new Map(s.lines.map((l) => [l.line, l]));
  const fields: Record<ScheduleDBoxLine, ScheduleDLineFields> = { "1b": map.line1b, "2": map.line2, "3": map.line3, "8b": map.line8b, "9": map.line9, "10": map.line10 };
  for (const [line, f] of Object.entries(fields) as [ScheduleDBoxLine, ScheduleDLineFields][]) {
    const l = byLine.get(line);
    if (l) setLine(text, f, l, dp);
  }
  // Lines 6, 14 and 21 are printed inside parentheses on the form: the amount goes in positive.
  if (!s.line6.isZero()) text.set(map.line6_carryover_in_parens, printed(s.line6, dp));
  if (!s.line14.isZero()) text.set(map.line14_carryover_in_parens, printed(s.line14, dp));
  text.set(map.line7, printed(s.line7, dp));
  text.set(map.line15, printed(s.line15, dp));
  text.set(map.line16, printed(s.line16, dp));
  if (s.line17 === "yes") checked.add(map.line17.yes.field);
  if (s.line17 === "no") checked.add(map.line17.no.field);
  if (s.line21 !== null) text.set(map.line21_in_parens, printed(s.line21, dp));
  const note = `${metaLine(meta)} | Schedule D from ${s.lines.reduce((n, l) => n + l.copies, 0)} Form 8949 page(s)`;
  return fillForm(
    template,
    [0, 1].map((page) => ({ templatePage: page, pageNode: `Page${page + 1}[0]`, text, checked, note: `${note} | page ${page + 1} of 2` })),
    {
      flatten: options.flatten,
      info: { title: `Schedule D (Form 1040), tax year ${s.taxYear}`, subject: metaLine(meta), keywords: `${meta.ledgerFingerprint} ${meta.method} ${meta.jurisdiction} ${meta.taxYear}`, author: meta.taxpayerName, createdAt: meta.generatedAt },
    },
  );
}
