import { jurisdictionById } from "../tax/jurisdictions";
import type { TaxResult } from "../tax/types";
import { toCsv, type CsvOptions } from "./csv";
import { exact, fixed, isoDate } from "./format";

/**
 * Generic gains CSV: one row per engine disposal line, for any jurisdiction (a US/DE line is the
 * lots of one disposal that share a holding period; a UK line is one matching rule's share).
 * Header on line 1 (documented in GAINS_CSV_HEADER; meta in the file name). Tax Year is the
 * jurisdiction's label ("2025", UK "2024/25"). Dates are local
 * calendar dates YYYY-MM-DD in the result's time zone; money is in the reporting currency with 2
 * decimals (losses negative); quantities are exact. Lots are listed as "lotId:units" separated by
 * ";" (UK pool: "s104:<ASSET>").
 */

export const GAINS_CSV_HEADER = [
  "Tax Year",
  "Date Acquired",
  "Date Sold",
  "Asset",
  "Amount",
  "Proceeds",
  "Cost Basis",
  "Gain or Loss",
  "Currency",
  "Term",
  "Rule",
  "Kind",
  "Account",
  "Lots",
  "Disposal ID",
  "Basis Missing",
  "Price Missing",
] as const;

export function renderGainsCsv(result: TaxResult, year: number, options: CsvOptions = {}): string {
  const tz = result.settings.timeZone;
  const label = jurisdictionById(result.settings.jurisdiction).taxYearLabel(year);
  const rows = result.disposals
    .filter((d) => d.taxYear === year)
    .map((d) => [
      label,
      d.acquiredAt ? isoDate(d.acquiredAt, tz) : "",
      isoDate(d.disposedAt, tz),
      d.asset,
      exact(d.amount),
      fixed(d.proceeds),
      fixed(d.costBasis),
      fixed(d.gain),
      result.settings.currency,
      d.term ?? "",
      d.rule,
      d.kind,
      d.account,
      d.lots.map((l) => `${l.id}:${exact(l.amount)}`).join(";"),
      d.disposalId,
      d.basisMissing,
      d.priceMissing,
    ]);
  return toCsv(GAINS_CSV_HEADER, rows, options);
}
