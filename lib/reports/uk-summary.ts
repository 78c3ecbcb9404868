import type Decimal from "decimal.js";
import { dec, ZERO } from "../tax/decimal";
import type { DisposalLine, TaxResult, UkYearSummary } from "../tax/types";
import { CsvWriter } from "./csv";
import { exact, fixed, isoDate, printed, roundMoney } from "./format";
import { renderTablePdf, type ReportSection } from "./pdf/table-pdf";
import { metaLine, type ReportMeta } from "./report-meta";

/**
 * UK capital gains summary for one tax year (6 April - 5 April): the SA108 cryptoasset figures and
 * the per-disposal computation HMRC asks to be attached (shared/notes/report-formats.md section 8,
 * tax-rules notes 2.5-2.7).
 * - Boxes (SA108 2025 onward; check the box numbers per year): 13.1 number of disposals (after
 *   same-day grouping, CRYPTO22200), 13.2 disposal proceeds, 13.3 allowable costs, 13.4 gains in
 *   the year before losses, 13.5 losses (positive). Whole pounds, half-up from the exact pence
 *   (the exact figures are shown alongside; HMRC's rounding convention for these boxes is not in
 *   our sources, so check it).
 * - 2024/25: gains before and on/after 30 October 2024 (rates 10/20% -> 18/24%, notes 2.6), for
 *   HMRC's adjustment calculator (box 51 per one source; verify).
 * - Computation: one line per matching-rule share of a disposal (same day, 30 days, s104 pool) with
 *   quantity, proceeds, allowable cost, gain, and the s104 pool (units and cost) after the event.
 *   The engine reports the pool on s104 lines only (`DisposalLine.pool`): a disposal matched
 *   wholly by the same-day or 30-day rule leaves the pool untouched, but the pool's level at that
 *   moment (after acquisitions that joined it since the last s104 disposal) is not in TaxResult,
 *   so it is shown as "not in engine output" (`poolAfter: null`).
 * Crypto income (staking etc.) is not on SA108 (SA100 / SA103, notes 2.3); it is shown for
 * information.
 */

export interface Sa108Box {
  box: string;
  label: string;
  /** Whole pounds (counts for 13.1). */
  value: Decimal;
  exact: Decimal;
}

export interface UkComputationLine {
  /** 1-based number of the disposal (a token's disposals on one day are one, CRYPTO22200). */
  no: number;
  disposalId: string;
  date: string;
  asset: string;
  quantity: Decimal;
  rule: string;
  proceeds: Decimal;
  allowableCost: Decimal;
  gain: Decimal;
  /** Acquisition date(s) behind a same-day or 30-day match. */
  matchedWith: string;
  /** The s104 pool after this disposal; null when the engine output does not say. */
  poolAfter: { quantity: Decimal; cost: Decimal } | null;
  entries: string[];
  basisMissing: boolean;
}

export interface UkSummary {
  taxYear: number;
  label: string;
  currency: string;
  timeZone: string;
  summary: UkYearSummary;
  boxes: Sa108Box[];
  /** Why the return must include SA108 this year (empty: none of the notes 2.7 triggers applies). */
  reportingTriggers: string[];
  lines: UkComputationLine[];
  /** Data the report needed and the engine did not provide. */
  missing: string[];
}

const RULE_LABEL: Readonly<Record<string, string>> = { "same-day": "same day (s.105(1))", "30-day": "30 days (s.106A)", s104: "s104 pool" };

function emptySummary(taxYear: number, label: string): UkYearSummary {
  return { jurisdiction: "uk", taxYear, label, disposals: 0, proceeds: ZERO, allowableCosts: ZERO, gains: ZERO, losses: ZERO, net: ZERO, annualExemptAmount: null, taxableAfterExemption: null, rateChange: null, income: ZERO };
}

function poolAfterByDisposal(lines: readonly DisposalLine[]): Map<string, { quantity: Decimal; cost: Decimal }> {
  const out = new Map<string, { quantity: Decimal; cost: Decimal }>();
  for (const l of lines) if (l.pool) out.set(l.disposalId, { quantity: l.pool.quantityAfter, cost: l.pool.costAfter });
  return out;
}

export function buildUkSummary(result: TaxResult, taxYear: number): UkSummary {
  if (result.settings.jurisdiction !== "uk") throw new RangeError(`the UK summary needs a UK result; this one is for ${result.settings.jurisdiction}`);
  const tz = result.settings.timeZone;
  const found = result.summary.find((s): s is UkYearSummary => s.jurisdiction === "uk" && s.taxYear === taxYear);
  const label = found?.label ?? `${taxYear}/${String((taxYear + 1) % 100).padStart(2, "0")}`;
  const summary = found ?? emptySummary(taxYear, label);
  const lines = result.disposals.filter((d) => d.taxYear === taxYear);
  const pools = poolAfterByDisposal(lines);
  const numbers = new Map<string, number>();
  let withoutPool = 0;
  const computation = lines.map((l): UkComputationLine => {
    let no = numbers.get(l.disposalId);
    if (no === undefined) numbers.set(l.disposalId, (no = numbers.size + 1));
    const poolAfter = pools.get(l.disposalId) ?? null;
    if (poolAfter === null) withoutPool++;
    const acquired = [...new Set(l.lots.filter((x) => x.acquiredAt !== null).map((x) => isoDate(x.acquiredAt as Date, tz)))];
    return {
      no,
      disposalId: l.disposalId,
      date: isoDate(l.disposedAt, tz),
      asset: l.asset,
      quantity: l.amount,
      rule: l.rule,
      proceeds: l.proceeds,
      allowableCost: l.costBasis,
      gain: l.gain,
      matchedWith: l.rule === "s104" ? "" : acquired.join(", "),
      poolAfter,
      entries: l.entries,
      basisMissing: l.basisMissing,
    };
  });
  const whole = (d: Decimal) => roundMoney(d, "whole-dollars");
  const boxes: Sa108Box[] = [
    { box: "13.1", label: "Number of disposals", value: dec(summary.disposals), exact: dec(summary.disposals) },
    { box: "13.2", label: "Disposal proceeds", value: whole(summary.proceeds), exact: summary.proceeds },
    { box: "13.3", label: "Allowable costs (including purchase price)", value: whole(summary.allowableCosts), exact: summary.allowableCosts },
    { box: "13.4", label: "Gains in the year, before losses", value: whole(summary.gains), exact: summary.gains },
    { box: "13.5", label: "Losses in the year", value: whole(summary.losses), exact: summary.losses },
  ];
  const triggers: string[] = [];
  const aea = summary.annualExemptAmount;
  if (aea !== null && summary.net.gt(aea)) triggers.push(`net gains ${printed(summary.net)} exceed the annual exempt amount ${printed(aea, 0)}`);
  // Proceeds threshold: 4 x AEA up to 2022/23, a fixed 50,000 from 2023/24 (tax-rules notes 2.7).
  const proceedsLimit = taxYear >= 2023 ? dec(50000) : aea !== null ? aea.times(4) : null;
  if (proceedsLimit !== null && summary.proceeds.gt(proceedsLimit)) triggers.push(`disposal proceeds ${printed(summary.proceeds)} exceed ${printed(proceedsLimit, 0)}`);
  if (summary.losses.gt(0)) triggers.push(`losses of ${printed(summary.losses)} must be reported to be allowable (CG15800P)`);
  const missing: string[] = [];
  if (withoutPool > 0) {
    missing.push(
      `${withoutPool} computation line(s) belong to disposals matched only by the same-day or 30-day rule: the s104 pool is untouched by them, but TaxResult does not give the pool's level at that time (acquisitions joining the pool are not reported)`,
    );
  }
  return { taxYear, label, currency: result.settings.currency, timeZone: tz, summary, boxes, reportingTriggers: triggers, lines: computation, missing };
}

export const UK_COMPUTATION_CSV_HEADER = [
  "Disposal No.",
  "Date",
  "Asset",
  "Quantity",
  "Matching Rule",
  "Proceeds",
  "Allowable Cost",
  "Gain or Loss",
  "Matched Acquisitions",
  "Pool Quantity After",
  "Pool Cost After",
  "Disposal ID",
  "Entries",
  "Basis Missing",
] as const;

/** `#` lines: meta, then the SA108 boxes and totals; then the computation table. */
export function renderUkSummaryCsv(s: UkSummary, meta: ReportMeta, options: { eol?: "\r\n" | "\n" } = {}): string {
  const w = new CsvWriter(options);
  w.comment(`UK capital gains ${s.label} | ${metaLine(meta)}`);
  for (const b of s.boxes) w.comment(`SA108 box ${b.box} ${b.label}: ${b.box === "13.1" ? b.value.toFixed(0) : `${b.value.toFixed(0)} (exact ${fixed(b.exact)})`}`);
  w.comment(`net gain or loss: ${fixed(s.summary.net)}; annual exempt amount: ${s.summary.annualExemptAmount ? fixed(s.summary.annualExemptAmount) : "unknown"}; taxable after exemption: ${s.summary.taxableAfterExemption ? fixed(s.summary.taxableAfterExemption) : "unknown"}`);
  if (s.summary.rateChange) {
    const rc = s.summary.rateChange;
    w.comment(`before 30 Oct 2024: gains ${fixed(rc.before.gains)} losses ${fixed(rc.before.losses)} net ${fixed(rc.before.net)}; from 30 Oct 2024: gains ${fixed(rc.after.gains)} losses ${fixed(rc.after.losses)} net ${fixed(rc.after.net)}`);
  }
  w.row(UK_COMPUTATION_CSV_HEADER);
  for (const l of s.lines) {
    w.row([
      l.no,
      l.date,
      l.asset,
      exact(l.quantity),
      l.rule,
      fixed(l.proceeds),
      fixed(l.allowableCost),
      fixed(l.gain),
      l.matchedWith,
      l.poolAfter ? exact(l.poolAfter.quantity) : "",
      l.poolAfter ? fixed(l.poolAfter.cost) : "",
      l.disposalId,
      l.entries.join(";"),
      l.basisMissing,
    ]);
  }
  return w.toString();
}

function poolText(p: UkComputationLine["poolAfter"]): [string, string] {
  return p === null ? ["n/a", "n/a"] : [exact(p.quantity), printed(p.cost)];
}

export async function renderUkSummaryPdf(s: UkSummary, meta: ReportMeta): Promise<Uint8Array> {
  const c = s.currency;
  const sum = s.summary;
  const sections: ReportSection[] = [
    {
      heading: "SA108 Capital gains summary: cryptoassets",
      columns: [
        { header: "Box", width: 1 },
        { header: "", width: 6 },
        { header: `Enter (whole ${c})`, width: 2, align: "right" },
        { header: `Exact (${c})`, width: 2, align: "right" },
      ],
      rows: s.boxes.map((b) => [b.box, b.label, b.box === "13.1" ? b.value.toFixed(0) : printed(b.value, 0), b.box === "13.1" ? "" : printed(b.exact)]),
      notes: ["Box numbers as on the 2024-25 and later SA108 (cryptoassets section); check them against the year's form. Losses are entered as a positive number."],
    },
    {
      heading: "Gains after losses and the annual exempt amount",
      columns: [
        { header: "", width: 6 },
        { header: `${c}`, width: 2, align: "right" },
      ],
      rows: [
        ["Net gain or loss", printed(sum.net)],
        ["Annual exempt amount", sum.annualExemptAmount ? printed(sum.annualExemptAmount, 0) : "unknown"],
        ["Gains after the annual exempt amount", sum.taxableAfterExemption ? printed(sum.taxableAfterExemption) : "unknown"],
        ["Crypto income (not on SA108: SA100 or SA103)", printed(sum.income)],
      ],
      notes: s.reportingTriggers.length > 0 ? [`SA108 needed: ${s.reportingTriggers.join("; ")}.`] : ["No SA108 reporting trigger found (gains within the exempt amount, proceeds within the limit, no losses)."],
    },
  ];
  if (sum.rateChange) {
    const rc = sum.rateChange;
    sections.push({
      heading: "2024-25 rate change (30 October 2024)",
      columns: [
        { header: "Disposals", width: 4 },
        { header: "Gains", width: 2, align: "right" },
        { header: "Losses", width: 2, align: "right" },
        { header: "Net", width: 2, align: "right" },
      ],
      rows: [
        ["Before 30 October 2024 (10% / 20%)", printed(rc.before.gains), printed(rc.before.losses), printed(rc.before.net)],
        ["On or after 30 October 2024 (18% / 24%)", printed(rc.after.gains), printed(rc.after.losses), printed(rc.after.net)],
      ],
      notes: ["Use HMRC's Capital Gains Tax adjustment calculator and enter the result in the adjustment box (box 51 per secondary sources; verify)."],
    });
  }
  sections.push({
    heading: "Computation: disposals, matching rule and the Section 104 pool",
    columns: [
      { header: "No.", width: 0.6, align: "right" },
      { header: "Date", width: 1.4 },
      { header: "Asset", width: 1 },
      { header: "Quantity", width: 2, align: "right" },
      { header: "Rule", width: 1.7 },
      { header: `Proceeds`, width: 1.6, align: "right" },
      { header: `Allowable cost`, width: 1.6, align: "right" },
      { header: `Gain / (loss)`, width: 1.6, align: "right" },
      { header: "Matched with", width: 1.6 },
      { header: "Pool units after", width: 1.8, align: "right" },
      { header: "Pool cost after", width: 1.6, align: "right" },
    ],
    rows: s.lines.map((l) => {
      const [pq, pc] = poolText(l.poolAfter);
      return [String(l.no), l.date, l.asset, exact(l.quantity), RULE_LABEL[l.rule] ?? l.rule, printed(l.proceeds), `${printed(l.allowableCost)}${l.basisMissing ? " *" : ""}`, printed(l.gain), l.matchedWith, pq, pc];
    }),
    notes: [
      "Matching order per token (TCGA 1992 ss.104-106A; CRYPTO22200): same-day acquisitions, then acquisitions in the next 30 days, then the Section 104 pool at average cost.",
      "Allowable costs include allowable fees (CRYPTO22150). * = acquisitions missing: cost counted as zero.",
      ...s.missing.map((m) => `n/a: ${m}.`),
    ],
  });
  return renderTablePdf({ title: `Capital gains on cryptoassets, tax year ${s.label}`, subtitle: `6 April ${s.taxYear} to 5 April ${s.taxYear + 1}; amounts in ${c}; dates on the ${s.timeZone} calendar`, meta, landscape: true, sections });
}
