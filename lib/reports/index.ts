import type { JurisdictionId, TaxResult } from "../tax/types";
import { renderAuditCsv, renderAuditPdf } from "./audit";
import type { CsvEol } from "./csv";
import { build8949Rows, render8949Csv, render8949Pdf, type Form8949Options } from "./form-8949";
import { renderGainsCsv } from "./gains-csv";
import { buildIncomeReport, renderIncomeCsv, renderIncomePdf } from "./income";
import { reportFileName, type ReportMeta } from "./report-meta";
import { buildScheduleD, renderScheduleDPdf, type ScheduleDOptions } from "./schedule-d";
import { renderTaxActCsv } from "./taxact";
import { renderTurboTaxCsv } from "./turbotax";
import { buildUkSummary, renderUkSummaryCsv, renderUkSummaryPdf } from "./uk-summary";

/**
 * Every downloadable report, by id: the CLI (`--format <id>`) and the app's download route both
 * call `renderReport`. Reports are built from the engine's TaxResult for `meta.taxYear`.
 */

export const REPORT_FORMAT_IDS = [
  "8949-pdf",
  "8949-csv",
  "schedule-d-pdf",
  "income-csv",
  "income-pdf",
  "turbotax-csv",
  "taxact-csv",
  "gains-csv",
  "uk-summary",
  "uk-summary-csv",
  "audit-csv",
  "audit-pdf",
] as const;

export type ReportFormat = (typeof REPORT_FORMAT_IDS)[number];

export interface ReportFormatInfo {
  id: ReportFormat;
  label: string;
  contentType: string;
  extension: "pdf" | "csv";
  /** Jurisdictions the report applies to. */
  jurisdictions: readonly JurisdictionId[];
  /** Suggested download name; carries the meta for formats that cannot (tax-software CSVs). */
  fileName(meta: ReportMeta): string;
}

const PDF = "application/pdf";
const CSV = "text/csv; charset=utf-8";
const ALL: readonly JurisdictionId[] = ["us", "uk", "de"];
const US: readonly JurisdictionId[] = ["us"];
const UK: readonly JurisdictionId[] = ["uk"];

function format(id: ReportFormat, label: string, extension: "pdf" | "csv", jurisdictions: readonly JurisdictionId[], stem: string): ReportFormatInfo {
  return { id, label, contentType: extension === "pdf" ? PDF : CSV, extension, jurisdictions, fileName: (meta) => reportFileName(stem, meta, extension) };
}

export const REPORT_FORMATS: Readonly<Record<ReportFormat, ReportFormatInfo>> = {
  "8949-pdf": format("8949-pdf", "IRS Form 8949 (PDF)", "pdf", US, "form-8949"),
  "8949-csv": format("8949-csv", "IRS Form 8949 rows (CSV)", "csv", US, "form-8949"),
  "schedule-d-pdf": format("schedule-d-pdf", "IRS Schedule D (PDF)", "pdf", US, "schedule-d"),
  "income-csv": format("income-csv", "Income (CSV)", "csv", ALL, "income"),
  "income-pdf": format("income-pdf", "Income (PDF)", "pdf", ALL, "income"),
  "turbotax-csv": format("turbotax-csv", "TurboTax gains import (CSV)", "csv", US, "turbotax"),
  "taxact-csv": format("taxact-csv", "TaxAct 1099-B import (CSV)", "csv", US, "taxact"),
  "gains-csv": format("gains-csv", "Capital gains (CSV)", "csv", ALL, "gains"),
  "uk-summary": format("uk-summary", "UK capital gains summary, SA108 (PDF)", "pdf", UK, "uk-capital-gains"),
  "uk-summary-csv": format("uk-summary-csv", "UK capital gains computation (CSV)", "csv", UK, "uk-capital-gains"),
  "audit-csv": format("audit-csv", "Audit trail (CSV)", "csv", ALL, "audit"),
  "audit-pdf": format("audit-pdf", "Audit trail (PDF)", "pdf", ALL, "audit"),
};

export function isReportFormat(id: string): id is ReportFormat {
  return (REPORT_FORMAT_IDS as readonly string[]).includes(id);
}

/** Formats that apply to a jurisdiction, in menu order. */
export function formatsFor(jurisdiction: JurisdictionId): ReportFormatInfo[] {
  return REPORT_FORMAT_IDS.map((id) => REPORT_FORMATS[id]).filter((f) => f.jurisdictions.includes(jurisdiction));
}

/** A report that cannot be made from this input: safe to show to the user as is. */
export class ReportError extends Error {
  constructor(
    readonly code: "unknown-format" | "wrong-jurisdiction" | "wrong-year",
    message: string,
  ) {
    super(message);
    this.name = "ReportError";
  }
}

export interface RenderReportOptions {
  /** Form 8949 rows (8949, Schedule D, TurboTax, TaxAct): rounding, row granularity, boxes. */
  form8949?: Omit<Form8949Options, "year">;
  scheduleD?: ScheduleDOptions;
  /** SSN/TIN printed on the IRS forms (never in the meta line). */
  tin?: string;
  /** IRS forms: draw the values instead of keeping fillable fields. */
  flatten?: boolean;
  formsDir?: string;
  /** CSV line ending: CRLF (RFC 4180, default) or LF. */
  eol?: CsvEol;
}

export interface RenderedReport {
  bytes: Uint8Array | string;
  contentType: string;
  fileName: string;
}

export async function renderReport(id: ReportFormat | string, result: TaxResult, meta: ReportMeta, options: RenderReportOptions = {}): Promise<RenderedReport> {
  if (!isReportFormat(id)) throw new ReportError("unknown-format", `unknown report format "${id}" (one of ${REPORT_FORMAT_IDS.join(", ")})`);
  const info = REPORT_FORMATS[id];
  const j = result.settings.jurisdiction;
  if (!info.jurisdictions.includes(j)) throw new ReportError("wrong-jurisdiction", `${info.label} is for ${info.jurisdictions.join("/").toUpperCase()} returns; this result is for ${j.toUpperCase()}`);
  if (j !== meta.jurisdiction) throw new ReportError("wrong-jurisdiction", `the report meta says ${meta.jurisdiction.toUpperCase()} but the result is for ${j.toUpperCase()}`);
  if (result.settings.year !== null && result.settings.year !== meta.taxYear) throw new ReportError("wrong-year", `the result covers tax year ${result.settings.year}, the report asks for ${meta.taxYear}`);
  const year = meta.taxYear;
  const csv = { eol: options.eol };
  const rows = () => build8949Rows(result, { ...options.form8949, year });
  const bytes = await (async (): Promise<Uint8Array | string> => {
    switch (id) {
      case "8949-pdf":
        return render8949Pdf(rows(), meta, { tin: options.tin, flatten: options.flatten, formsDir: options.formsDir });
      case "8949-csv":
        return render8949Csv(rows(), meta, csv);
      case "schedule-d-pdf":
        return renderScheduleDPdf(buildScheduleD(rows(), options.scheduleD), meta, { tin: options.tin, flatten: options.flatten, formsDir: options.formsDir });
      case "income-csv":
        return renderIncomeCsv(buildIncomeReport(result, year), meta, csv);
      case "income-pdf":
        return renderIncomePdf(buildIncomeReport(result, year), meta);
      case "turbotax-csv":
        return renderTurboTaxCsv(build8949Rows(result, { ...options.form8949, year, granularity: "lot", rounding: "cents" }), csv);
      case "taxact-csv":
        return renderTaxActCsv(build8949Rows(result, { ...options.form8949, year, granularity: "lot", rounding: "cents" }), csv);
      case "gains-csv":
        return renderGainsCsv(result, year, csv);
      case "uk-summary":
        return renderUkSummaryPdf(buildUkSummary(result, year), meta);
      case "uk-summary-csv":
        return renderUkSummaryCsv(buildUkSummary(result, year), meta, csv);
      case "audit-csv":
        return renderAuditCsv(result, meta, csv);
      case "audit-pdf":
        return renderAuditPdf(result, meta);
    }
  })();
  return { bytes, contentType: info.contentType, fileName: info.fileName(meta) };
}

export type { ReportMeta } from "./report-meta";
export { ledgerFingerprint, reportMeta, reportMetaFor, metaLine } from "./report-meta";
export { loadFormPdf, loadFieldMap, defaultFormsDir } from "./forms";
