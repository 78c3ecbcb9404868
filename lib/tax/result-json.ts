import type Decimal from "decimal.js";
import { decimalString } from "./decimal";
import { jurisdictionById } from "./jurisdictions";
import type { ConsumedLot, DisposalLine, GainBucket, IncomeEvent, PriceUsed, RemovalLine, TaxResult, TaxWarning, YearSummary } from "./types";

/**
 * TaxResult -> the `lotwise gains --format json` document. Every number is a decimal string
 * (money is never rounded here: reports round at the edge), every time an ISO 8601 UTC instant, and
 * keys are written in a fixed order, so the same result always serialises to the same bytes.
 */

type Json = string | boolean | null | Json[] | { [key: string]: Json };

const num = (d: Decimal): string => decimalString(d);
const time = (t: Date | null): string | null => (t === null ? null : t.toISOString());

function priceJson(p: PriceUsed): Json {
  const price = p.price ?? (p.amount.isZero() ? null : p.value.div(p.amount));
  return { asset: p.asset, amount: num(p.amount), value: num(p.value), currency: p.currency, price: price === null ? null : num(price), source: p.source, at: time(p.at) };
}

function lotJson(l: ConsumedLot): Json {
  return { id: l.id, externalId: l.externalId, account: l.account, acquiredAt: time(l.acquiredAt), amount: num(l.amount), costBasis: num(l.costBasis), basisMissing: l.basisMissing };
}

export function disposalJson(d: DisposalLine, yearLabel: (y: number) => string): Json {
  const out: { [key: string]: Json } = {
    asset: d.asset,
    amount: num(d.amount),
    acquiredAt: time(d.acquiredAt),
    disposedAt: time(d.disposedAt),
    proceeds: num(d.proceeds),
    costBasis: num(d.costBasis),
    gain: num(d.gain),
    term: d.term,
    rule: d.rule,
    account: d.account,
    lots: d.lots.map(lotJson),
    disposalId: d.disposalId,
    kind: d.kind,
    entries: d.entries,
    taxYear: yearLabel(d.taxYear),
    basisMissing: d.basisMissing,
    priceMissing: d.priceMissing,
    prices: d.prices.map(priceJson),
  };
  if (d.pool) out.pool = { quantityBefore: num(d.pool.quantityBefore), costBefore: num(d.pool.costBefore), quantityAfter: num(d.pool.quantityAfter), costAfter: num(d.pool.costAfter) };
  return out;
}

function incomeJson(e: IncomeEvent, yearLabel: (y: number) => string): Json {
  return {
    asset: e.asset,
    amount: num(e.amount),
    receivedAt: time(e.receivedAt),
    value: num(e.value),
    type: e.type,
    account: e.account,
    id: e.id,
    taxYear: yearLabel(e.taxYear),
    valueMissing: e.valueMissing,
    prices: e.prices.map(priceJson),
  };
}

function removalJson(r: RemovalLine, yearLabel: (y: number) => string): Json {
  return { asset: r.asset, amount: num(r.amount), at: time(r.at), reason: r.reason, account: r.account, id: r.id, taxYear: yearLabel(r.taxYear), lots: r.lots.map(lotJson) };
}

function warningJson(w: TaxWarning): Json {
  return { code: w.code, message: w.message, entries: w.entries, asset: w.asset, account: w.account, at: time(w.at) };
}

function bucketJson(b: GainBucket): Json {
  return { disposals: String(b.disposals), proceeds: num(b.proceeds), costBasis: num(b.costBasis), gain: num(b.gain) };
}

function netJson(n: { gains: Decimal; losses: Decimal; net: Decimal }): Json {
  return { gains: num(n.gains), losses: num(n.losses), net: num(n.net) };
}

function summaryJson(s: YearSummary): Json {
  switch (s.jurisdiction) {
    case "us":
      return { taxYear: s.label, shortTerm: bucketJson(s.shortTerm), longTerm: bucketJson(s.longTerm), income: num(s.income) };
    case "de":
      return {
        taxYear: s.label,
        shortTerm: bucketJson(s.shortTerm),
        longTermTaxFree: bucketJson(s.longTermTaxFree),
        freigrenze: num(s.freigrenze),
        taxableGain: num(s.taxableGain),
        income: num(s.income),
        incomeFreigrenze: num(s.incomeFreigrenze),
        taxableIncome: num(s.taxableIncome),
      };
    case "uk":
      return {
        taxYear: s.label,
        disposals: String(s.disposals),
        proceeds: num(s.proceeds),
        allowableCosts: num(s.allowableCosts),
        gains: num(s.gains),
        losses: num(s.losses),
        net: num(s.net),
        annualExemptAmount: s.annualExemptAmount === null ? null : num(s.annualExemptAmount),
        taxableAfterExemption: s.taxableAfterExemption === null ? null : num(s.taxableAfterExemption),
        rateChange: s.rateChange === null ? null : { before30Oct2024: netJson(s.rateChange.before), from30Oct2024: netJson(s.rateChange.after) },
        income: num(s.income),
      };
  }
}

/** The CLI's JSON document (see the module comment). */
export function toResultJson(result: TaxResult): Json {
  const j = jurisdictionById(result.settings.jurisdiction);
  const label = (y: number) => j.taxYearLabel(y);
  const t = result.totals;
  return {
    disposals: result.disposals.map((d) => disposalJson(d, label)),
    income: result.income.map((e) => incomeJson(e, label)),
    totals: { proceeds: num(t.proceeds), costBasis: num(t.costBasis), gain: num(t.gain), shortTermGain: num(t.shortTermGain), longTermGain: num(t.longTermGain), income: num(t.income) },
    warnings: result.warnings.map(warningJson),
    summary: result.summary.map(summaryJson),
    removals: result.removals.map((r) => removalJson(r, label)),
    settings: {
      jurisdiction: result.settings.jurisdiction,
      method: result.settings.method,
      currency: result.settings.currency,
      timeZone: result.settings.timeZone,
      year: result.settings.year === null ? null : String(result.settings.year),
      transferFee: result.settings.transferFee,
      lotScope: result.settings.lotScope,
    },
  };
}

export function resultJsonText(result: TaxResult): string {
  return `${JSON.stringify(toResultJson(result), null, 2)}\n`;
}

const CSV_COLUMNS = ["asset", "amount", "acquiredAt", "disposedAt", "proceeds", "costBasis", "gain", "term", "rule", "account", "lots", "taxYear", "kind", "disposalId", "basisMissing", "priceMissing"] as const;

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Disposals as RFC 4180 CSV (one row per line; `lots` lists lot ids separated by ";"). */
export function disposalsCsv(result: TaxResult): string {
  const j = jurisdictionById(result.settings.jurisdiction);
  const rows = [CSV_COLUMNS.join(",")];
  for (const d of result.disposals) {
    const cells = [
      d.asset,
      num(d.amount),
      time(d.acquiredAt) ?? "",
      time(d.disposedAt) ?? "",
      num(d.proceeds),
      num(d.costBasis),
      num(d.gain),
      d.term ?? "",
      d.rule,
      d.account,
      d.lots.map((l) => l.id).join(";"),
      j.taxYearLabel(d.taxYear),
      d.kind,
      d.disposalId,
      String(d.basisMissing),
      String(d.priceMissing),
    ];
    rows.push(cells.map(csvCell).join(","));
  }
  return `${rows.join("\n")}\n`;
}
