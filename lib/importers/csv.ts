import { Readable } from "node:stream";
import { CsvError, parse, type Options } from "csv-parse";
import { parse as parseSync } from "csv-parse/sync";

/** One CSV record and the 1-based file line it starts on (quoted cells may span lines). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/** The file is not CSV any more at `line` (e.g. a quote opened and never closed). */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export type CsvInput = NodeJS.ReadableStream | AsyncIterable<Buffer | string>;

export interface ReadCsvOptions {
  onBytes?: (bytes: number) => void;
  /** Recognises the header row, so preamble lines above it (Coinbase) are never parsed as data. */
  isHeader?: (cells: readonly string[]) => boolean;
}

/** Enough for any export's preamble: Coinbase's is under 1 KB. */
const HEAD_BYTES = 64 * 1024;
const HEAD_RECORDS = 20;

const OPTIONS: Options = { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false };

function toBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === "string" ? Buffer.from(chunk) : chunk;
}

/** Start lines of the first records of the head; a record cut off by the head's end is dropped. */
function headRecords(head: Buffer): CsvRecord[] {
  const records: CsvRecord[] = [];
  let through = 0;
  try {
    parseSync(head, {
      ...OPTIONS,
      to: HEAD_RECORDS,
      on_record: (cells: string[], info: { lines: number }) => {
        records.push({ line: through + 1, cells });
        through = info.lines;
        return null;
      },
    });
  } catch {
    // The head ends mid-record (an open quote): the records before it are what matters.
  }
  return records;
}

/**
 * Streams records out of csv-parse without ever holding the file as one string. Quirks handled
 * here so importers never see them: a UTF-8 BOM (Crypto.com, OKX), CRLF, a missing final newline
 * (Bitstamp legacy), rows shorter or longer than the header (rotki's 6-field Binance rows), stray
 * quotes inside unquoted cells. Blank lines come through as records so line numbers stay true.
 *
 * The header is searched in the first 64 KB and parsing starts at it (`from_line`): csv-parse
 * measures every row against the first record it parses, and builds an error object for each
 * row of another length even when relaxed, which for a preambled 100,000-row Coinbase file cost
 * more than the parsing itself.
 */
export async function* readCsv(input: CsvInput, opts: ReadCsvOptions = {}): AsyncGenerator<CsvRecord> {
  const chunks = (input as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  let bytes = 0;
  const head: Buffer[] = [];
  let headSize = 0;
  let ended = false;
  while (headSize < HEAD_BYTES) {
    const next = await chunks.next();
    if (next.done) {
      ended = true;
      break;
    }
    const chunk = toBuffer(next.value);
    head.push(chunk);
    headSize += chunk.length;
    bytes += chunk.length;
    opts.onBytes?.(bytes);
  }
  const headerLine = (opts.isHeader && headRecords(Buffer.concat(head)).find((r) => opts.isHeader?.(r.cells))?.line) ?? 1;

  async function* rest(): AsyncGenerator<Buffer> {
    yield* head;
    if (ended) return;
    for (;;) {
      const next = await chunks.next();
      if (next.done) return;
      const chunk = toBuffer(next.value);
      bytes += chunk.length;
      opts.onBytes?.(bytes);
      yield chunk;
    }
  }

  // Lines are noted inside the parser (on_record runs synchronously per record): when csv-parse
  // fails, the line of the record it was reading is known even if earlier records are still
  // buffered, and each emitted record takes its start line from the queue in order.
  let parsedThrough = headerLine - 1;
  const startLines: number[] = [];
  const parser = parse({
    ...OPTIONS,
    from_line: headerLine,
    on_record: (cells: string[], info: { lines: number }) => {
      startLines.push(parsedThrough + 1);
      parsedThrough = info.lines;
      return cells;
    },
  });
  const source = Readable.from(rest());
  source.on("error", (e) => parser.destroy(e));
  source.pipe(parser);
  try {
    let next = 0;
    for await (const cells of parser as AsyncIterable<string[]>) {
      yield { line: startLines[next] ?? parsedThrough, cells };
      next++;
      if (next > 4096) {
        startLines.splice(0, next);
        next = 0;
      }
    }
  } catch (e) {
    if (e instanceof CsvError) throw new CsvSyntaxError(parsedThrough + 1, e.message);
    throw e;
  } finally {
    source.destroy();
    parser.destroy();
    await chunks.return?.();
  }
}
