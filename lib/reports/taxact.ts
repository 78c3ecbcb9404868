import type { TaxResult } from "../tax/types";
import { toCsv, type CsvOptions } from "./csv";
import { build8949Rows, type Form8949Rows, type ReportingHints } from "./form-8949";
import { fixed } from "./format";

/**
 * TaxAct "Form 1099-B - Create Your Own Spreadsheet (CSV File)" import (shared/notes/
 * report-formats.md section 4, [official]: TaxAct support articles 882 and 21707):
 * - header, line 1: `Description,Date Acquired,Date Sold,Sales Proceeds,Cost or Other Basis,
 *   Adjustment Code,Adjustment Amount,Reporting Category` (required columns plus the optional
 *   ones Lotwise fills; TaxAct lets the user confirm the columns after upload);
 * - one row per disposed lot; dates MM/DD/YYYY; amounts are totals, positive, 2 decimals;
 * - Reporting Category is the Form 8949 box of the row: A-F up to tax year 2024, G-L from 2025.
 *   The stored TaxAct article lists only A-F (the 1099-DA boxes postdate it): check TaxAct's
 *   current article before relying on G-L.
 * - Date Acquired "VARIOUS" is allowed by TaxAct only with a Long/Short column, which this layout
 *   does not have, so rows are always per lot (never "VARIOUS").
 * TaxAct accepts at most 2,000 imported 1099-B transactions in total (2019 article):
 * `TAXACT_MAX_ROWS`; bigger files must be split or summarised by the user.
 */

export const TAXACT_HEADER = ["Description", "Date Acquired", "Date Sold", "Sales Proceeds", "Cost or Other Basis", "Adjustment Code", "Adjustment Amount", "Reporting Category"] as const;

export const TAXACT_MAX_ROWS = 2000;

export function renderTaxActCsv(rows: Form8949Rows, options: CsvOptions = {}): string {
  const out: string[][] = [];
  for (const g of rows.groups) {
    for (const r of g.rows) {
      out.push([r.description, r.dateAcquired, r.dateSold, fixed(r.exact.proceeds), fixed(r.exact.costBasis), r.adjustmentCode, r.adjustment.isZero() ? "" : fixed(r.exact.adjustment), r.box]);
    }
  }
  return toCsv(TAXACT_HEADER, out, options);
}

export function taxActCsvFor(result: TaxResult, year: number, reporting?: ReportingHints): string {
  return renderTaxActCsv(build8949Rows(result, { year, rounding: "cents", granularity: "lot", reporting }));
}
