import { createHash } from "node:crypto";
import type Decimal from "decimal.js";
import type { LedgerEntry } from "../ledger/types";
import { jurisdictionById } from "../tax/jurisdictions";
import type { JurisdictionId, ResolvedSettings, TaxResult } from "../tax/types";

/**
 * What every report states so that it can be reproduced: jurisdiction, method, tax year, when it
 * was generated and a fingerprint of the ledger it was computed from.
 *
 * Where it is printed:
 * - PDFs: a footer line on every page (and the PDF's Subject/Keywords).
 * - Lotwise's own CSVs (8949, income, UK summary, audit): a leading `# ...` comment line.
 * - Tax-software CSVs (TurboTax, TaxAct, generic gains): their header must stay line 1 and they
 *   have no comment syntax, so the meta goes into the suggested file name instead
 *   (`reportFileName`: `lotwise-turbotax-us-2025-fifo-<first 12 hex of the fingerprint>.csv`).
 */
export interface ReportMeta {
  jurisdiction: JurisdictionId;
  /** fifo, lifo, hifo, specific, or "uk-matching". */
  method: ResolvedSettings["method"];
  /** The tax year by its starting calendar year (UK 2024 = 2024/25). */
  taxYear: number;
  generatedAt: Date;
  /** `ledgerFingerprint(entries)`: "sha256:<64 hex>". */
  ledgerFingerprint: string;
  taxpayerName?: string;
  currency: string;
}

/** Canonical text of one entry: fixed field order, decimals normalised ("1.50" = "1.5"), UTC time. */
function canonicalEntry(e: LedgerEntry): string {
  const n = (d: Decimal | null): string | null => (d === null ? null : d.isZero() ? "0" : d.toFixed());
  // sourceLine is left out on purpose: it is where a row sat in an import file, not ledger data,
  // so re-importing the same rows in another order must not change the fingerprint.
  return JSON.stringify([
    e.externalId,
    e.time.getTime(),
    e.account,
    e.kind,
    e.sentAsset,
    n(e.sentAmount),
    e.receivedAsset,
    n(e.receivedAmount),
    e.feeAsset,
    n(e.feeAmount),
    n(e.fiatValue),
    e.fiatCurrency,
    e.label,
    e.description,
    e.txHash,
  ]);
}

/**
 * sha256 over the canonical entries sorted by their text: the same set of entries in any order
 * gives the same fingerprint, and any change to a field of any entry changes it. Entries are a
 * multiset (a duplicated row counts twice). Returns "sha256:<hex>".
 */
export function ledgerFingerprint(entries: readonly LedgerEntry[]): string {
  const lines = entries.map(canonicalEntry);
  lines.sort();
  const h = createHash("sha256");
  h.update(`lotwise-ledger-v1\n${lines.length}\n`);
  // JSON text never contains a raw newline, so "\n" separates entries unambiguously.
  for (const line of lines) h.update(`${line}\n`);
  return `sha256:${h.digest("hex")}`;
}

export interface ReportMetaOptions {
  /** Defaults to the result's `settings.year`; required when the result covers every year. */
  taxYear?: number;
  generatedAt?: Date;
  taxpayerName?: string;
}

/** The meta for a report on `result`, computed from `entries`. */
export function reportMetaFor(result: TaxResult, entries: readonly LedgerEntry[], options: ReportMetaOptions = {}): ReportMeta {
  return reportMeta(result, ledgerFingerprint(entries), options);
}

/** The meta for a report on `result`, computed from the ledger whose fingerprint is `fingerprint`. */
export function reportMeta(result: TaxResult, fingerprint: string, options: ReportMetaOptions = {}): ReportMeta {
  const taxYear = options.taxYear ?? result.settings.year;
  if (taxYear === null || taxYear === undefined) throw new RangeError("reportMeta: the result covers every year; pass options.taxYear");
  const meta: ReportMeta = {
    jurisdiction: result.settings.jurisdiction,
    method: result.settings.method,
    taxYear,
    generatedAt: options.generatedAt ?? new Date(),
    ledgerFingerprint: fingerprint,
    currency: result.settings.currency,
  };
  if (options.taxpayerName !== undefined && options.taxpayerName.trim() !== "") meta.taxpayerName = options.taxpayerName.trim();
  return meta;
}

const METHOD_LABEL: Readonly<Record<ReportMeta["method"], string>> = {
  fifo: "FIFO",
  lifo: "LIFO",
  hifo: "HIFO",
  specific: "specific identification",
  "uk-matching": "HMRC matching (same day, 30 days, s104 pool)",
};

export function methodLabel(method: ReportMeta["method"]): string {
  return METHOD_LABEL[method];
}

export function taxYearLabel(meta: Pick<ReportMeta, "jurisdiction" | "taxYear">): string {
  return jurisdictionById(meta.jurisdiction).taxYearLabel(meta.taxYear);
}

/** "2026-02-01 09:30 UTC" */
export function generatedLabel(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The one-line statement printed on every report. */
export function metaLine(meta: ReportMeta): string {
  return [
    `Lotwise`,
    `${meta.jurisdiction.toUpperCase()}`,
    `tax year ${taxYearLabel(meta)}`,
    `method ${methodLabel(meta.method)}`,
    `${meta.currency}`,
    `generated ${generatedLabel(meta.generatedAt)}`,
    `ledger ${meta.ledgerFingerprint}`,
  ].join(" | ");
}

/** Short fingerprint for file names: the first 12 hex digits. */
export function shortFingerprint(fingerprint: string): string {
  return fingerprint.replace(/^sha256:/, "").slice(0, 12);
}

/** "lotwise-<report>-<jurisdiction>-<year>-<method>-<fp12>.<ext>", safe on every file system. */
export function reportFileName(report: string, meta: ReportMeta, extension: string): string {
  const method = meta.method === "uk-matching" ? "hmrc" : meta.method;
  const parts = ["lotwise", report, meta.jurisdiction, String(meta.taxYear), method, shortFingerprint(meta.ledgerFingerprint)];
  return `${parts.join("-").replace(/[^A-Za-z0-9._-]/g, "_")}.${extension}`;
}
