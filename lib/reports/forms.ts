import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The official IRS fillable PDFs and their field map, shipped in `lib/reports/forms/` (see the
 * README there for origin and checksums).
 *
 * They are read with node:fs at run time. `__dirname`-relative paths break once Next.js bundles
 * this module (the bundle lives under .next/), so the default directory is
 * `process.cwd()/lib/reports/forms`: right for `next start`, the worker and the CLI, which all run
 * from the project root. Anything else (a standalone build, tests in another cwd) passes
 * `formsDir`, or sets LOTWISE_FORMS_DIR.
 */

export type FormName = "f8949-2024.pdf" | "f8949-2025.pdf" | "f1040sd-2024.pdf" | "f1040sd-2025.pdf";

export function defaultFormsDir(): string {
  return process.env.LOTWISE_FORMS_DIR ?? path.join(process.cwd(), "lib", "reports", "forms");
}

/** The bytes of one of the shipped PDFs. */
export function loadFormPdf(name: FormName, formsDir: string = defaultFormsDir()): Uint8Array {
  return readFileSync(path.join(formsDir, name));
}

export interface CheckboxField {
  field: string;
  on_value: string;
}

export interface Row8949Fields {
  a_description: string;
  b_date_acquired: string;
  c_date_sold: string;
  d_proceeds: string;
  e_cost_basis: string;
  f_code: string;
  g_adjustment: string;
  h_gain_loss: string;
}

export interface Part8949Fields {
  name: string;
  ssn: string;
  checkboxes: Record<string, CheckboxField>;
  rows_per_page: number;
  rows: Row8949Fields[];
  totals_line2: { d_proceeds: string; e_cost_basis: string; f_code_READONLY_shaded: string; g_adjustment: string; h_gain_loss: string };
}

export interface Form8949Fields {
  source_pdf: FormName;
  pages: number;
  part1_short_term: Part8949Fields;
  part2_long_term: Part8949Fields;
}

export interface ScheduleDLineFields {
  d_proceeds: string;
  e_cost_basis: string;
  g_adjustment: string;
  h_gain_loss: string;
}

export interface YesNoFields {
  yes: CheckboxField;
  no: CheckboxField;
}

export interface ScheduleDFields {
  source_pdf: FormName;
  pages: number;
  name: string;
  ssn: string;
  qof_question: YesNoFields;
  line1a: ScheduleDLineFields;
  line1b: ScheduleDLineFields;
  line2: ScheduleDLineFields;
  line3: ScheduleDLineFields;
  line4: string;
  line5: string;
  line6_carryover_in_parens: string;
  line7: string;
  line8a: ScheduleDLineFields;
  line8b: ScheduleDLineFields;
  line9: ScheduleDLineFields;
  line10: ScheduleDLineFields;
  line11: string;
  line12: string;
  line13: string;
  line14_carryover_in_parens: string;
  line15: string;
  line16: string;
  line17: YesNoFields;
  line18: string;
  line19: string;
  line20: YesNoFields;
  line21_in_parens: string;
  line22: YesNoFields;
}

export interface FieldMap {
  f8949: Record<"2024" | "2025", Form8949Fields>;
  f1040sd: Record<"2024" | "2025", ScheduleDFields>;
}

const maps = new Map<string, FieldMap>();

/** field-map.json (cached per directory). */
export function loadFieldMap(formsDir: string = defaultFormsDir()): FieldMap {
  let m = maps.get(formsDir);
  if (!m) {
    m = JSON.parse(readFileSync(path.join(formsDir, "field-map.json"), "utf8")) as FieldMap;
    maps.set(formsDir, m);
  }
  return m;
}

/** The form revisions shipped: 2024 (boxes A-F) and 2025 (adds the digital-asset boxes G-L). */
export type FormRevision = 2024 | 2025;

/**
 * The revision to use for a tax year. Only 2024 and 2025 are shipped: earlier years fall back to
 * the 2024 layout (boxes A-F, which is what crypto used before 2025) and later years to 2025; in
 * both cases the caller should tell the user to check the year's own form.
 */
export function formRevisionFor(taxYear: number): FormRevision {
  return taxYear >= 2025 ? 2025 : 2024;
}
