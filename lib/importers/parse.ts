import type { LedgerEntry, RowIssue } from "../ledger/types";
import { Collector } from "./context";
import { type CsvInput, CsvSyntaxError, readCsv } from "./csv";
import { Header } from "./header";
import { closestFormats, detectFormat, SUPPORTED_FORMATS } from "./registry";
import type { Importer, RowHandler } from "./types";
import { mapColumnsToUniversal, type UniversalMapping } from "./column-mapping";
import universalImporter from "./universal";

export interface FormatRef {
  id: string;
  name: string;
}

export type ParseOutcome =
  | { ok: true; format: FormatRef; entries: LedgerEntry[]; rowsRead: number; skipped: { line: number; reason: string }[] }
  | { ok: false; format?: FormatRef; headers?: string[]; errors: RowIssue[] };

export interface ParseOptions {
  account?: string;
  /** A user's column mapping for a layout no importer recognises: matching files are read as universal rows. */
  mapping?: UniversalMapping;
  onProgress?: (p: { bytes: number; rows: number }) => void;
}

/** Coinbase puts 3-5 preamble lines above its header; anything past this is not a known export. */
const MAX_PREAMBLE_RECORDS = 20;

const isBlank = (cells: readonly string[]) => cells.every((c) => c.trim() === "");
const byLine = <T extends { line: number }>(a: T, b: T) => a.line - b.line;

function unknownFormat(preamble: { line: number; cells: string[] }[]): ParseOutcome {
  if (preamble.length === 0) return { ok: false, errors: [{ line: 1, reason: "empty file: no header row found" }] };
  // The header is the earliest record with the most name-like cells (letters, not numbers or dates).
  const names = (r: { cells: string[] }) => r.cells.filter((c) => /[a-z]/i.test(c) && !/^[\d\s.,:;/+-]*$/.test(c)).length;
  const best = preamble.reduce((a, b) => (names(b) > names(a) ? b : a));
  const headers = best.cells.map((c) => c.replace(/^\uFEFF/, "").trim());
  const joined = headers.join(",");
  const hint = headers.length === 1 && /[;\t|]/.test(joined) ? ` (the file looks ${joined.includes(";") ? "semicolon" : "tab/pipe"}-separated; exports are comma-separated)` : "";
  const near = closestFormats(headers)
    .slice(0, 2)
    .map((c) => `${c.name} (lacks ${c.missing.join(", ")})`);
  const supported = SUPPORTED_FORMATS.map((f) => `${f.exchange}: ${f.name}`).join("; ");
  const reason =
    `unknown format: no supported export has the headers "${joined}"${hint}.` +
    (near.length ? ` Closest: ${near.join("; ")}.` : "") +
    ` Supported exports: ${supported}.`;
  return { ok: false, headers, errors: [{ line: best.line, reason }] };
}

/**
 * Reads any supported export: finds the header row (skipping preambles), picks the importer by
 * header set, feeds it rows as they stream in, and returns everything or nothing: one bad row
 * refuses the whole file, with every problem listed by line. Rejects only on I/O failure.
 */
export async function parseCsvStream(input: CsvInput, opts: ParseOptions = {}): Promise<ParseOutcome> {
  let bytes = 0;
  let rows = 0;
  const report = () => opts.onProgress?.({ bytes, rows });
  const preamble: { line: number; cells: string[] }[] = [];
  let importer: Importer | null = null;
  let format: FormatRef | undefined;
  let collector: Collector | null = null;
  let handler: RowHandler | null = null;
  let headerLine = 1;
  let remap: ((cells: readonly string[]) => string[]) | null = null;
  const mapped = (cells: readonly string[]) => {
    if (!opts.mapping) return null;
    const m = mapColumnsToUniversal(cells, opts.mapping);
    return m.ok ? m : null;
  };

  const internal = (line: number, e: unknown) => collector?.error(line, undefined, `internal error: ${e instanceof Error ? e.message : String(e)}`);

  try {
    const onBytes = (b: number) => {
      bytes = b;
      report();
    };
    for await (const record of readCsv(input, { onBytes, isHeader: (cells) => detectFormat(cells).ok || mapped(cells) !== null })) {
      if (isBlank(record.cells)) continue;
      if (!handler || !collector) {
        const byMapping = mapped(record.cells);
        if (byMapping) {
          // The user told us which column is what: rows are rewritten into universal column order.
          importer = universalImporter;
          format = { id: "custom-mapping", name: "custom column mapping" };
          headerLine = record.line;
          remap = byMapping.toUniversal;
          collector = new Collector(opts.account?.trim() || "Imported", importer.id);
          handler = importer.open(new Header([...byMapping.header], record.line), collector);
          continue;
        }
        const found = detectFormat(record.cells);
        if (!found.ok) {
          preamble.push(record);
          if (preamble.length >= MAX_PREAMBLE_RECORDS) break;
          continue;
        }
        importer = found.importer;
        format = { id: importer.id, name: `${importer.exchange} ${importer.name}` };
        const header = new Header(record.cells, record.line);
        headerLine = record.line;
        const missing = importer.missing(header);
        if (missing.length > 0) {
          const reason = (column: string) => `missing required column "${column}": the header matches the ${format?.name} export (${format?.id}) but lacks this column`;
          return { ok: false, format, headers: [...header.cells], errors: missing.map((column) => ({ line: record.line, column, reason: reason(column) })) };
        }
        collector = new Collector(opts.account?.trim() || importer.exchange, importer.id);
        handler = importer.open(header, collector);
        continue;
      }
      rows++;
      try {
        handler.row({ line: record.line, cells: remap ? remap(record.cells) : record.cells });
      } catch (e) {
        internal(record.line, e);
      }
    }
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw e;
    const errors = [...(collector?.errors ?? []), { line: e.line, reason: `malformed CSV: ${e.message}` }];
    return { ok: false, format, errors: errors.sort(byLine) };
  }
  if (!handler || !collector || !format) return unknownFormat(preamble);
  try {
    handler.finish?.();
  } catch (e) {
    internal(headerLine, e);
  }
  report();
  if (collector.errors.length > 0) return { ok: false, format, errors: collector.errors.sort(byLine) };
  return {
    ok: true,
    format,
    entries: collector.entries.sort((a, b) => (a.sourceLine ?? 0) - (b.sourceLine ?? 0)),
    rowsRead: rows,
    skipped: collector.skipped.sort(byLine),
  };
}
