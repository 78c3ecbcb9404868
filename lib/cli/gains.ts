import type { LedgerEntry, RowIssue } from "../ledger/types";
import { parsePriceCsv } from "../pricing/price-csv";
import type { PriceLookup } from "../pricing/types";
import { computeTax, validateSettings } from "../tax/engine";
import { disposalsCsv, resultJsonText } from "../tax/result-json";
import type { JurisdictionId, MethodId, TaxSettings } from "../tax/types";
import { EXIT_DATA_ERROR, EXIT_OK, EXIT_USAGE, parseOptions, stringList, stringOption } from "./args";
import { isReportFormat, renderReport, REPORT_FORMAT_IDS, REPORT_FORMATS, ReportError, reportMetaFor, type ReportFormat } from "../reports";

/**
 * `lotwise gains`: the tax engine over CSV files, no database. Reads every --input (any supported
 * export, detected), optional --prices, computes, prints JSON or CSV. Bad input: one line per
 * problem as `file:line:column: reason` on stderr and exit code 1; bad usage: exit code 2.
 */

export const GAINS_USAGE = `Usage: lotwise gains --input FILE [--input FILE ...] --jurisdiction us|uk|de
         [--method fifo|lifo|hifo] [--year YYYY] [--currency USD|GBP|EUR] [--timezone ZONE]
         [--prices FILE] [--format json|csv|8949-pdf|8949-csv|schedule-d-pdf|income-csv|income-pdf|turbotax-csv|taxact-csv|gains-csv|uk-summary|uk-summary-csv|audit-csv|audit-pdf] [--out FILE]

  --input FILE        a ledger CSV (any supported export, or the universal template); repeatable
  --jurisdiction      us, uk or de
  --method            lot order: us fifo (default), lifo, hifo; de fifo (default), lifo;
                      the UK always uses its matching rules (same day, 30 days, s104 pool)
  --year YYYY         only the tax year starting in YYYY (uk 2024 = 6 Apr 2024 - 5 Apr 2025)
  --currency          reporting currency (default us USD, uk GBP, de EUR)
  --timezone ZONE     IANA zone for dates (default us UTC, uk Europe/London, de Europe/Berlin)
  --prices FILE       price CSV "Date,Asset,Currency,Price", used before any other source
  --format            json (default), csv (disposals only; warnings go to stderr), or a report
                      for one --year: 8949-pdf, 8949-csv, schedule-d-pdf, income-csv, income-pdf,
                      turbotax-csv, taxact-csv, gains-csv, uk-summary, uk-summary-csv, audit-csv,
                      audit-pdf (PDFs need --out)
  --out FILE          write to FILE instead of stdout
`;

/** What `lib/importers`' `parseLedgerFile` returns. */
export type LedgerReadOutcome =
  | { ok: true; format: { id: string; name: string }; entries: LedgerEntry[] }
  | { ok: false; format?: { id: string; name: string }; headers?: string[]; errors: RowIssue[] };

export interface GainsIo {
  readLedger(path: string): Promise<LedgerReadOutcome>;
  readText(path: string): Promise<string>;
  writeText(path: string, text: string): Promise<void>;
  /** For PDF reports; text reports go through writeText. */
  writeBytes?(path: string, bytes: Uint8Array): Promise<void>;
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface GainsOptions {
  inputs: string[];
  settings: TaxSettings;
  pricesFile: string | null;
  format: "json" | "csv" | ReportFormat;
  out: string | null;
}

const SPEC = {
  input: { type: "string", multiple: true, short: "i" },
  jurisdiction: { type: "string", short: "j" },
  method: { type: "string", short: "m" },
  year: { type: "string", short: "y" },
  currency: { type: "string" },
  timezone: { type: "string" },
  prices: { type: "string" },
  format: { type: "string", short: "f" },
  out: { type: "string", short: "o" },
  help: { type: "boolean", short: "h" },
} as const;

const JURISDICTIONS: readonly string[] = ["us", "uk", "de"];
const CLI_METHODS: readonly string[] = ["fifo", "lifo", "hifo"];

export type GainsArgs = { ok: true; options: GainsOptions; notes: string[] } | { ok: false; error: string } | { ok: "help" };

export function parseGainsArgs(argv: readonly string[]): GainsArgs {
  const parsed = parseOptions(argv, SPEC);
  if (!parsed.ok) return parsed;
  const v = parsed.values;
  if (v.help === true) return { ok: "help" };
  const inputs = stringList(v, "input");
  if (inputs.length === 0) return { ok: false, error: "--input FILE is required" };
  const jurisdiction = stringOption(v, "jurisdiction")?.toLowerCase();
  if (jurisdiction === undefined) return { ok: false, error: "--jurisdiction us|uk|de is required" };
  if (!JURISDICTIONS.includes(jurisdiction)) return { ok: false, error: `--jurisdiction must be us, uk or de, got "${jurisdiction}"` };
  const notes: string[] = [];
  const settings: TaxSettings = { jurisdiction: jurisdiction as JurisdictionId };
  const method = stringOption(v, "method")?.toLowerCase();
  if (method !== undefined) {
    if (!CLI_METHODS.includes(method)) return { ok: false, error: `--method must be fifo, lifo or hifo, got "${method}"` };
    if (jurisdiction === "uk") notes.push(`note: --method ${method} ignored: the UK always uses its matching rules (same day, 30 days, s104 pool)`);
    else settings.method = method as MethodId;
  }
  const year = stringOption(v, "year");
  if (year !== undefined) {
    if (!/^\d{4}$/.test(year)) return { ok: false, error: `--year must be a 4-digit year, got "${year}"` };
    settings.year = parseInt(year, 10);
  }
  const currency = stringOption(v, "currency");
  if (currency !== undefined) settings.currency = currency.toUpperCase();
  const tz = stringOption(v, "timezone");
  if (tz !== undefined) settings.timeZone = tz;
  const format = (stringOption(v, "format") ?? "json").toLowerCase();
  if (format !== "json" && format !== "csv" && !isReportFormat(format)) return { ok: false, error: `--format must be json, csv or one of ${REPORT_FORMAT_IDS.join(", ")}; got "${format}"` };
  if (isReportFormat(format) && settings.year === undefined) return { ok: false, error: `--format ${format} is a report for one tax year: add --year` };
  if (isReportFormat(format) && REPORT_FORMATS[format].extension === "pdf" && stringOption(v, "out") === undefined) return { ok: false, error: `--format ${format} writes a PDF: add --out FILE` };
  const errors = validateSettings(settings);
  if (errors.length > 0) return { ok: false, error: errors.join("; ") };
  return { ok: true, options: { inputs, settings, pricesFile: stringOption(v, "prices") ?? null, format, out: stringOption(v, "out") ?? null }, notes };
}

function issueLine(file: string, i: RowIssue): string {
  return i.column ? `${file}:${i.line}:${i.column}: ${i.reason}` : `${file}:${i.line}: ${i.reason}`;
}

function errorText(e: unknown): string {
  const err = e as { code?: string; message?: string };
  if (err?.code === "ENOENT") return "no such file";
  if (err?.code === "EISDIR") return "is a directory";
  if (err?.code === "EACCES") return "permission denied";
  return err?.message ?? String(e);
}

export async function runGainsCommand(argv: readonly string[], io: GainsIo): Promise<number> {
  const args = parseGainsArgs(argv);
  if (args.ok === "help") {
    io.stdout(GAINS_USAGE);
    return EXIT_OK;
  }
  if (!args.ok) {
    io.stderr(`lotwise gains: ${args.error}\n\n${GAINS_USAGE}`);
    return EXIT_USAGE;
  }
  const { options } = args;
  for (const note of args.notes) io.stderr(`${note}\n`);

  let failed = false;
  let prices: PriceLookup | null = null;
  if (options.pricesFile !== null) {
    let text: string | null = null;
    try {
      text = await io.readText(options.pricesFile);
    } catch (e) {
      io.stderr(`${options.pricesFile}: cannot read: ${errorText(e)}\n`);
      failed = true;
    }
    if (text !== null) {
      const parsed = parsePriceCsv(text);
      if (parsed.ok) prices = parsed.table.lookup;
      else {
        for (const i of parsed.issues) io.stderr(`${issueLine(options.pricesFile, i)}\n`);
        failed = true;
      }
    }
  }

  const entries: LedgerEntry[] = [];
  for (const file of options.inputs) {
    let outcome: LedgerReadOutcome;
    try {
      outcome = await io.readLedger(file);
    } catch (e) {
      io.stderr(`${file}: cannot read: ${errorText(e)}\n`);
      failed = true;
      continue;
    }
    if (!outcome.ok) {
      if (outcome.errors.length === 0) io.stderr(`${file}: not imported\n`);
      for (const i of outcome.errors) io.stderr(`${issueLine(file, i)}\n`);
      failed = true;
      continue;
    }
    for (const e of outcome.entries) entries.push(e);
  }
  if (failed) return EXIT_DATA_ERROR;

  const result = computeTax(entries, { ...options.settings, prices });
  if (isReportFormat(options.format)) {
    try {
      const meta = reportMetaFor(result, entries, { taxYear: options.settings.year });
      const report = await renderReport(options.format, result, meta);
      for (const w of result.warnings) io.stderr(`warning: ${w.code}: ${w.message}\n`);
      if (typeof report.bytes === "string") {
        if (options.out !== null) await io.writeText(options.out, report.bytes);
        else io.stdout(report.bytes);
      } else if (options.out !== null && io.writeBytes) await io.writeBytes(options.out, report.bytes);
      return EXIT_OK;
    } catch (e) {
      io.stderr(`lotwise gains: ${e instanceof ReportError ? e.message : `cannot write the report: ${errorText(e)}`}\n`);
      return e instanceof ReportError ? EXIT_USAGE : EXIT_DATA_ERROR;
    }
  }
  let text: string;
  if (options.format === "csv") {
    text = disposalsCsv(result);
    for (const w of result.warnings) io.stderr(`warning: ${w.code}: ${w.message}\n`);
  } else text = resultJsonText(result);
  if (options.out !== null) {
    try {
      await io.writeText(options.out, text);
    } catch (e) {
      io.stderr(`${options.out}: cannot write: ${errorText(e)}\n`);
      return EXIT_DATA_ERROR;
    }
  } else io.stdout(text);
  return EXIT_OK;
}
