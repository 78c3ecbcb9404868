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

/**
 * Rewrites CRLF and a lone CR as LF, across chunk boundaries. csv-parse takes its record delimiter
 * from the first line but counts every CR and LF it meets as a line, so a file mixing endings
 * (exports pasted together, a row added in another editor) had its rows numbered one line further
 * down per CRLF. With LF only, its line numbers are the ones an editor shows.
 */
function lfLineEndings(): (chunk: Buffer) => Buffer {
  let afterCr = false;
  return (chunk) => {
    if (chunk.length === 0 || (!afterCr && chunk.indexOf(0x0d) === -1)) return chunk;
    const out = Buffer.allocUnsafe(chunk.length);
    let from = afterCr && chunk[0] === 0x0a ? 1 : 0;
    let n = 0;
    afterCr = false;
    for (let cr = chunk.indexOf(0x0d, from); cr !== -1; cr = chunk.indexOf(0x0d, from)) {
      n += chunk.copy(out, n, from, cr);
      out[n++] = 0x0a;
      from = cr + 1;
      if (from === chunk.length) afterCr = true;
      else if (chunk[from] === 0x0a) from++;
    }
    n += chunk.copy(out, n, from);
    return out.subarray(0, n);
  };
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
 * here so importers never see them: a UTF-8 BOM (Crypto.com, OKX), CRLF or CR line endings (mixed
 * too; they reach the parser as LF), a missing final newline
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
  const lf = lfLineEndings();
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
    head.push(lf(chunk));
    headSize += chunk.length;
    bytes += chunk.length;
    opts.onBytes?.(bytes);
  }
  const headerLine = (opts.isHeader && headRecords(Buffer.concat(head)).find((r) => opts.isHeader?.(r.cells))?.line) ?? 1;

  const source = (async function* rest(): AsyncGenerator<Buffer> {
    yield* head;
    if (ended) return;
    for (;;) {
      const next = await chunks.next();
      if (next.done) return;
      const chunk = toBuffer(next.value);
      bytes += chunk.length;
      opts.onBytes?.(bytes);
      yield lf(chunk);
    }
  })();

  // Records are taken inside the parser (on_record runs synchronously per record) and handed out
  // after each chunk it has read: every record before a syntax error reaches the importer whatever
  // the chunk sizes were (records buffered in a stream were dropped when csv-parse failed, so the
  // outcome depended on how the upload arrived), and the line of the record being read is known.
  let parsedThrough = headerLine - 1;
  let parsed: CsvRecord[] = [];
  const parser = parse({
    ...OPTIONS,
    from_line: headerLine,
    on_record: (cells: string[], info: { lines: number }) => {
      parsed.push({ line: parsedThrough + 1, cells });
      parsedThrough = info.lines;
      return null;
    },
  });
  // Failures arrive through the write/end callbacks below.
  parser.on("error", () => {});
  const feed = (chunk: Buffer | null) =>
    new Promise<Error | null | undefined>((resolve) => (chunk ? parser.write(chunk, resolve) : parser.end(resolve)));
  try {
    for (let more = true; more; ) {
      const next = await source.next();
      more = !next.done;
      const failed = await feed(next.done ? null : next.value);
      const batch = parsed;
      parsed = [];
      yield* batch;
      if (failed) throw failed;
    }
  } catch (e) {
    if (e instanceof CsvError) throw new CsvSyntaxError(parsedThrough + 1, e.message);
    throw e;
  } finally {
    parser.destroy();
    await chunks.return?.();
  }
}
