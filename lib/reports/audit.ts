import type { ConsumedLot, DisposalLine, PriceUsed, TaxResult } from "../tax/types";
import { CsvWriter } from "./csv";
import { exact, fixed, isoDateTime, printed, upTo } from "./format";
import { renderTablePdf, type ReportSection } from "./pdf/table-pdf";
import { methodLabel, metaLine, taxYearLabel, type ReportMeta } from "./report-meta";

/**
 * Audit trail: for every disposal line of the tax year, the lots it consumed (lot id, the source
 * transaction's externalId and account, acquisition time, units, cost basis, unit cost) and the
 * prices used for its proceeds (value, unit price, source, time). Enough to trace every figure on
 * the 8949 / SA108 back to ledger rows. Times are local to the result's time zone.
 */

export const AUDIT_CSV_HEADER = [
  "Disposal ID",
  "Entries",
  "Kind",
  "Date Sold",
  "Asset",
  "Line Amount",
  "Proceeds",
  "Cost Basis",
  "Gain or Loss",
  "Term",
  "Rule",
  "Account",
  "Lot ID",
  "Lot Source Tx",
  "Lot Account",
  "Lot Acquired",
  "Lot Amount",
  "Lot Cost Basis",
  "Lot Unit Cost",
  "Lot Basis Missing",
  "Prices Used",
  "Price Missing",
] as const;

function priceText(p: PriceUsed, tz: string): string {
  // A fiat leg valued in its own currency has no unit price worth printing (it is 1).
  const unit = p.price ?? (p.amount.isZero() || p.asset === p.currency ? null : p.value.div(p.amount));
  return `${exact(p.amount)} ${p.asset} = ${fixed(p.value)} ${p.currency}${unit ? ` (unit ${upTo(unit, 8)})` : ""} from ${p.source} at ${isoDateTime(p.at, tz)}`;
}

function unitCost(l: ConsumedLot): string {
  return l.amount.isZero() ? "" : upTo(l.costBasis.div(l.amount), 8);
}

function linesOf(result: TaxResult, year: number): DisposalLine[] {
  return result.disposals.filter((d) => d.taxYear === year);
}

export function renderAuditCsv(result: TaxResult, meta: ReportMeta, options: { eol?: "\r\n" | "\n" } = {}): string {
  const tz = result.settings.timeZone;
  const w = new CsvWriter(options);
  w.comment(`Audit trail (times in ${tz}) | ${metaLine(meta)}`);
  w.row(AUDIT_CSV_HEADER);
  for (const d of linesOf(result, meta.taxYear)) {
    const head = [d.disposalId, d.entries.join(";"), d.kind, isoDateTime(d.disposedAt, tz), d.asset, exact(d.amount), fixed(d.proceeds), fixed(d.costBasis), fixed(d.gain), d.term ?? "", d.rule, d.account];
    const prices = d.prices.map((p) => priceText(p, tz)).join("; ");
    // A line without lots (units with no acquisition behind them) still gets its row.
    const lots: (ConsumedLot | null)[] = d.lots.length > 0 ? d.lots : [null];
    for (const l of lots) {
      const lot = l === null ? ["", "", "", "", "", "", "", d.basisMissing] : [l.id, l.externalId ?? "", l.account ?? "", l.acquiredAt ? isoDateTime(l.acquiredAt, tz) : "", exact(l.amount), fixed(l.costBasis), unitCost(l), l.basisMissing];
      w.row([...head, ...lot, prices, d.priceMissing]);
    }
  }
  return w.toString();
}

const LOT_COLUMNS = [
  { header: "Lot", width: 2.4 },
  { header: "Source tx", width: 2.4 },
  { header: "Account", width: 1.8 },
  { header: "Acquired", width: 2 },
  { header: "Units", width: 2, align: "right" as const },
  { header: "Cost basis", width: 1.6, align: "right" as const },
  { header: "Unit cost", width: 1.6, align: "right" as const },
];

function* sections(result: TaxResult, meta: ReportMeta): Generator<ReportSection> {
  const tz = result.settings.timeZone;
  const c = result.settings.currency;
  let n = 0;
  for (const d of linesOf(result, meta.taxYear)) {
    n++;
    const term = d.term ? `, ${d.term}-term` : "";
    yield {
      heading: `${n}. ${isoDateTime(d.disposedAt, tz)}  ${d.kind} of ${exact(d.amount)} ${d.asset} from ${d.account} (${d.rule}${term})`,
      lines: [
        `Proceeds ${printed(d.proceeds)} ${c}${d.priceMissing ? " (no price: counted as zero)" : ""}   Cost basis ${printed(d.costBasis)} ${c}${d.basisMissing ? " (lots missing or basis unknown: counted as zero)" : ""}   Gain ${printed(d.gain)} ${c}`,
        `Disposal ${d.disposalId}; ledger entries ${d.entries.join(", ")}`,
        ...d.prices.map((p) => `Price: ${priceText(p, tz)}`),
      ],
      columns: LOT_COLUMNS,
      rows:
        d.lots.length === 0
          ? [["(no lots: missing acquisitions)", "", "", "", exact(d.amount), printed(d.costBasis), ""]]
          : d.lots.map((l) => [l.id, l.externalId ?? "(pool)", l.account ?? "", l.acquiredAt ? isoDateTime(l.acquiredAt, tz) : "", exact(l.amount), `${printed(l.costBasis)}${l.basisMissing ? " *" : ""}`, unitCost(l)]),
    };
  }
  if (n === 0) yield { lines: ["No disposals in this tax year."] };
}

export async function renderAuditPdf(result: TaxResult, meta: ReportMeta): Promise<Uint8Array> {
  return renderTablePdf({
    title: `Audit trail, tax year ${taxYearLabel(meta)}`,
    subtitle: `Every disposal with the lots it used and the prices behind its proceeds. Method: ${methodLabel(meta.method)}. Times in ${result.settings.timeZone}; amounts in ${result.settings.currency}. * = basis unknown.`,
    meta,
    landscape: true,
    sections: sections(result, meta),
  });
}
