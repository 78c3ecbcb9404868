import type Decimal from "decimal.js";
import { ZERO } from "../tax/decimal";
import type { IncomeEvent, TaxResult } from "../tax/types";
import { CsvWriter } from "./csv";
import { exact, fixed, isoDateTime, printed, upTo } from "./format";
import { renderTablePdf } from "./pdf/table-pdf";
import { metaLine, taxYearLabel, type ReportMeta } from "./report-meta";

/**
 * Income report: every income event of the tax year (staking, mining, airdrops, interest, other)
 * at its fair market value when received (US: Notice 2014-21 Q&A-3, Rev. Rul. 2023-14; UK:
 * CRYPTO21200; DE: s.22 Nr.3 EStG), and totals by type. This income is not on Form 8949 / SA108
 * (tax-rules notes 1.2, 2.3): the user reports it as ordinary/miscellaneous income.
 */

export interface IncomeTypeTotal {
  type: string;
  events: number;
  value: Decimal;
}

export interface IncomeReport {
  taxYear: number;
  timeZone: string;
  currency: string;
  events: IncomeEvent[];
  byType: IncomeTypeTotal[];
  total: Decimal;
  /** Events with no price: counted at zero, need the user's attention. */
  missingValues: number;
}

export function buildIncomeReport(result: TaxResult, taxYear: number): IncomeReport {
  const events = result.income.filter((e) => e.taxYear === taxYear);
  const byType = new Map<string, IncomeTypeTotal>();
  let total = ZERO;
  let missingValues = 0;
  for (const e of events) {
    let t = byType.get(e.type);
    if (!t) byType.set(e.type, (t = { type: e.type, events: 0, value: ZERO }));
    t.events++;
    t.value = t.value.plus(e.value);
    total = total.plus(e.value);
    if (e.valueMissing) missingValues++;
  }
  return {
    taxYear,
    timeZone: result.settings.timeZone,
    currency: result.settings.currency,
    events,
    byType: [...byType.values()].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0)),
    total,
    missingValues,
  };
}

/** Unit price used and its source(s), from the event's price records. */
function priceOf(e: IncomeEvent): { unit: string; source: string } {
  const p = e.prices[0];
  const unit = p?.price ?? (e.amount.isZero() ? null : e.value.div(e.amount));
  return { unit: unit === null ? "" : upTo(unit, 8), source: [...new Set(e.prices.map((x) => x.source))].join("; ") };
}

export const INCOME_CSV_HEADER = ["Date", "Time Zone", "Asset", "Amount", "Fair Market Value", "Currency", "Type", "Account", "Unit Price", "Price Source", "Value Missing", "ID"] as const;

/**
 * Line 1: `#` meta comment; line 2: the header; one line per event (fair market value in cents);
 * then `#` comment lines with the totals by type and the grand total, so the table itself stays
 * one record per row for spreadsheets and parsers.
 */
export function renderIncomeCsv(report: IncomeReport, meta: ReportMeta, options: { eol?: "\r\n" | "\n" } = {}): string {
  const w = new CsvWriter(options);
  w.comment(`Income | ${metaLine(meta)}`);
  w.row(INCOME_CSV_HEADER);
  for (const e of report.events) {
    const p = priceOf(e);
    w.row([isoDateTime(e.receivedAt, report.timeZone), report.timeZone, e.asset, exact(e.amount), fixed(e.value), report.currency, e.type, e.account, p.unit, p.source, e.valueMissing, e.id]);
  }
  for (const t of report.byType) w.comment(`total ${t.type}: ${t.events} events = ${fixed(t.value)} ${report.currency}`);
  w.comment(`total income: ${report.events.length} events = ${fixed(report.total)} ${report.currency}`);
  return w.toString();
}

export async function renderIncomePdf(report: IncomeReport, meta: ReportMeta): Promise<Uint8Array> {
  const c = report.currency;
  return renderTablePdf({
    title: `Crypto income, tax year ${taxYearLabel(meta)}`,
    subtitle: `Fair market value in ${c} when received; dates in ${report.timeZone}. Not reported on Form 8949 or SA108.`,
    meta,
    landscape: true,
    sections: [
      {
        heading: "Totals by type",
        columns: [
          { header: "Type", width: 3 },
          { header: "Events", width: 1, align: "right" },
          { header: `Fair market value (${c})`, width: 2, align: "right" },
        ],
        rows: [...report.byType.map((t) => [t.type, String(t.events), printed(t.value)]), { cells: ["Total", String(report.events.length), printed(report.total)], bold: true }],
        notes: report.missingValues > 0 ? [`${report.missingValues} event(s) had no price and are counted at zero: add a price before filing.`] : [],
      },
      {
        heading: "Events",
        columns: [
          { header: "Date", width: 2.2 },
          { header: "Asset", width: 1 },
          { header: "Amount", width: 2, align: "right" },
          { header: `Value (${c})`, width: 1.6, align: "right" },
          { header: "Type", width: 1.2 },
          { header: "Account", width: 2 },
          { header: "Unit price", width: 1.6, align: "right" },
          { header: "Price source", width: 3 },
        ],
        rows: report.events.map((e) => {
          const p = priceOf(e);
          return [isoDateTime(e.receivedAt, report.timeZone), e.asset, exact(e.amount), `${printed(e.value)}${e.valueMissing ? " *" : ""}`, e.type, e.account, p.unit, p.source];
        }),
        notes: report.missingValues > 0 ? ["* no price found: counted at zero."] : [],
      },
    ],
  });
}
