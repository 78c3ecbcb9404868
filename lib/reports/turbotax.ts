import type { TaxResult } from "../tax/types";
import { toCsv, type CsvOptions } from "./csv";
import { build8949Rows, type Form8949Rows, type ReportingHints } from "./form-8949";
import { exact, fixed, upTo } from "./format";

/**
 * TurboTax Online "crypto CSV" of pre-computed gains (shared/notes/report-formats.md section 2,
 * [3rd-party], consistent across many implementations):
 * - header exactly `Currency Name,Purchase Date,Cost Basis,Date Sold,Proceeds`, on line 1 (so the
 *   report meta goes in the file name, see report-meta.ts);
 * - one row per disposed lot (the Form 8949 rows, granularity "lot");
 * - dates MM/DD/YYYY (the taxpayer's local date); money plain with 2 decimals, positive, no "$" or
 *   thousands separators; TurboTax computes the gain and the holding period from the dates.
 * Currency Name is free text: "<units> <asset>" with at most 8 decimals (TurboTax rejects more in
 * its transaction template; a smaller dust amount keeps its exact digits). A lot with no known
 * acquisition (missing history) has an empty Purchase Date: TurboTax then asks for it.
 * The transactions template (section 1, where TurboTax matches lots itself) is not exported:
 * Lotwise's own lot matching is the point of the report.
 */

export const TURBOTAX_HEADER = ["Currency Name", "Purchase Date", "Cost Basis", "Date Sold", "Proceeds"] as const;

export function renderTurboTaxCsv(rows: Form8949Rows, options: CsvOptions = {}): string {
  const out: string[][] = [];
  for (const g of rows.groups) {
    for (const r of g.rows) {
      const units = upTo(r.amount, 8);
      out.push([`${units === "0" ? exact(r.amount) : units} ${r.asset}`, r.dateAcquired === "VARIOUS" ? "" : r.dateAcquired, fixed(r.exact.costBasis), r.dateSold, fixed(r.exact.proceeds)]);
    }
  }
  return toCsv(TURBOTAX_HEADER, out, options);
}

/** Convenience: the export straight from an engine result. */
export function turboTaxCsvFor(result: TaxResult, year: number, reporting?: ReportingHints): string {
  return renderTurboTaxCsv(build8949Rows(result, { year, rounding: "cents", granularity: "lot", reporting }));
}
