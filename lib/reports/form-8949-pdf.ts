import type { Form8949Group, Form8949Row, Form8949Rows, Money8949 } from "./form-8949";
import { loadFieldMap, type Part8949Fields } from "./forms";
import { decimalsOf, printed } from "./format";
import { fillForm, type PageFill } from "./pdf/fill-form";
import { formTemplate } from "./pdf/form-template";
import { metaLine, taxYearLabel, type ReportMeta } from "./report-meta";
import { ZERO } from "../tax/decimal";

/**
 * Form 8949 as the official PDF, filled (tax-rules notes 1.7; shared/forms/README.md):
 * - one copy of page 1 (Part I) or page 2 (Part II) per page-worth of rows of one box (14 rows on
 *   the 2024 revision, 11 on 2025), the box checked on each copy (one box per copy);
 * - line 2 of each copy totals that copy's rows in (d), (e), (g), (h); Schedule D takes the sum
 *   over the copies of a box (schedule-d.ts);
 * - the taxpayer's name (and TIN when given) on every copy, and the report meta in the top
 *   margin of every page;
 * - losses in (h) in parentheses, (g) and (f) left blank when there is no adjustment; the
 *   read-only shaded (f) cell of line 2 stays empty.
 * Copies are written as they are made (pdf/fill-form.ts), so 10,000 disposals (900+ pages) take
 * seconds and memory stays flat. Field names on copy k are the official ones with `Page<k>[0]` as
 * the page node (`copyFieldName`); a return with one Part I and one Part II copy keeps the
 * official names exactly.
 */

export interface Render8949Options {
  /** SSN/TIN for the identifying-number field (max 11 characters). Not printed when omitted. */
  tin?: string;
  /** Draw values into the pages instead of keeping form fields (smaller, not editable). */
  flatten?: boolean;
  formsDir?: string;
}

interface PagePlan {
  group: Form8949Group;
  rows: Form8949Row[];
}

function plan(rows: Form8949Rows): PagePlan[] {
  const out: PagePlan[] = [];
  for (const g of rows.groups) for (let i = 0; i < g.rows.length; i += rows.rowsPerPage) out.push({ group: g, rows: g.rows.slice(i, i + rows.rowsPerPage) });
  return out;
}

function money(v: Money8949["proceeds"], dp: number): string {
  return printed(v, dp);
}

function* pages(rows: Form8949Rows, meta: ReportMeta, fields: { I: Part8949Fields; II: Part8949Fields }, options: Render8949Options): Generator<PageFill> {
  const dp = decimalsOf(rows.rounding);
  const plans = plan(rows);
  const total = Math.max(plans.length, 1);
  const name = meta.taxpayerName ?? "";
  // Only the 2024 and 2025 revisions are shipped (forms.ts): say so on a return for another year.
  const base = rows.taxYear === rows.revision ? metaLine(meta) : `${metaLine(meta)} | ${rows.revision} form used for tax year ${rows.taxYear}: check that year's revision`;
  if (plans.length === 0) {
    // Nothing to report: one empty Part I copy still says so, with the name and the meta.
    const f = fields.I;
    const text = new Map<string, string>([[f.name, name]]);
    if (options.tin) text.set(f.ssn, options.tin);
    yield { templatePage: 0, pageNode: "Page1[0]", text, checked: new Set(), note: `${base} | no disposals in tax year ${taxYearLabel(meta)} | page 1 of 1` };
    return;
  }
  let k = 0;
  for (const p of plans) {
    k++;
    const f = fields[p.group.part];
    const text = new Map<string, string>();
    text.set(f.name, name);
    if (options.tin) text.set(f.ssn, options.tin);
    let sum: Money8949 = { proceeds: ZERO, costBasis: ZERO, adjustment: ZERO, gain: ZERO };
    p.rows.forEach((r, i) => {
      const cells = f.rows[i];
      if (!cells) return;
      text.set(cells.a_description, r.description);
      text.set(cells.b_date_acquired, r.dateAcquired);
      text.set(cells.c_date_sold, r.dateSold);
      text.set(cells.d_proceeds, money(r.proceeds, dp));
      text.set(cells.e_cost_basis, money(r.costBasis, dp));
      if (r.adjustmentCode) text.set(cells.f_code, r.adjustmentCode);
      if (!r.adjustment.isZero()) text.set(cells.g_adjustment, money(r.adjustment, dp));
      text.set(cells.h_gain_loss, money(r.gain, dp));
      sum = { proceeds: sum.proceeds.plus(r.proceeds), costBasis: sum.costBasis.plus(r.costBasis), adjustment: sum.adjustment.plus(r.adjustment), gain: sum.gain.plus(r.gain) };
    });
    const t = f.totals_line2;
    text.set(t.d_proceeds, money(sum.proceeds, dp));
    text.set(t.e_cost_basis, money(sum.costBasis, dp));
    if (!sum.adjustment.isZero()) text.set(t.g_adjustment, money(sum.adjustment, dp));
    text.set(t.h_gain_loss, money(sum.gain, dp));
    const box = f.checkboxes[p.group.box];
    if (!box) throw new RangeError(`the ${rows.revision} Form 8949 has no box ${p.group.box} in Part ${p.group.part}`);
    yield {
      templatePage: p.group.part === "I" ? 0 : 1,
      pageNode: `Page${k}[0]`,
      text,
      checked: new Set([box.field]),
      note: `${base} | Part ${p.group.part} box ${p.group.box} | page ${k} of ${total}`,
    };
  }
}

/** The filled Form 8949 (see the module comment). */
export async function render8949Pdf(rows: Form8949Rows, meta: ReportMeta, options: Render8949Options = {}): Promise<Uint8Array> {
  const map = loadFieldMap(options.formsDir).f8949[String(rows.revision) as "2024" | "2025"];
  const template = await formTemplate(map.source_pdf, options.formsDir);
  return fillForm(template, pages(rows, meta, { I: map.part1_short_term, II: map.part2_long_term }, options), {
    flatten: options.flatten,
    info: {
      title: `Form 8949 (${rows.revision} revision), tax year ${rows.taxYear}`,
      subject: metaLine(meta),
      keywords: `${meta.ledgerFingerprint} ${meta.method} ${meta.jurisdiction} ${meta.taxYear}`,
      author: meta.taxpayerName,
      createdAt: meta.generatedAt,
    },
  });
}
