import Decimal from "decimal.js";

/**
 * The one CSV writer behind every CSV the app writes (reports, tax-software exports).
 *
 * - RFC 4180: a cell holding `,`, `"`, CR or LF is quoted and its quotes doubled; rows end with
 *   CRLF (the RFC's line break, the default) or LF.
 * - Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that starts with `=`, `+`,
 *   `-` or `@` as a formula, and tab / CR can smuggle one past naive filters. Every *text* cell
 *   starting with one of those gets a leading `'`, which spreadsheets show as plain text. Ledger
 *   data (descriptions, account names, asset tickers from CSV imports and exchange APIs) is
 *   attacker-influenced, so no exception is made for "trusted" columns.
 * - Numbers stay numbers: a Decimal, a finite number, or a string that is a plain decimal
 *   (`/^-?\d+(\.\d+)?$/`, e.g. a loss of "-120.50") is written bare, so tax software still reads a
 *   negative amount as a number. Such a string cannot hold a formula.
 */

export type CsvCell = string | Decimal | number | boolean | null | undefined;

export type CsvEol = "\r\n" | "\n";

export interface CsvOptions {
  /** Line ending; default CRLF (RFC 4180). */
  eol?: CsvEol;
}

const NUMERIC = /^-?\d+(\.\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** True when `text` is written bare as a number (and is therefore never escaped). */
export function isNumericText(text: string): boolean {
  return NUMERIC.test(text);
}

/** A text value, neutralised against formula injection (before any RFC 4180 quoting). */
export function neutralise(text: string): string {
  if (isNumericText(text)) return text;
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function quote(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One cell as CSV text. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`CSV cell: ${String(value)} is not a finite number`);
    return String(value);
  }
  if (Decimal.isDecimal(value)) {
    if (!value.isFinite()) throw new RangeError(`CSV cell: ${value.toString()} is not a finite number`);
    // toFixed() never uses an exponent; "-0" is written as "0".
    return value.isZero() ? "0" : value.toFixed();
  }
  return quote(neutralise(value));
}

/** One row (without the line ending). */
export function csvRow(cells: readonly CsvCell[]): string {
  return cells.map(csvCell).join(",");
}

/** Header plus rows, each line ended by `eol`. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>, options: CsvOptions = {}): string {
  const w = new CsvWriter(options);
  w.row(header);
  for (const r of rows) w.row(r);
  return w.toString();
}

/** Builds a CSV document line by line. */
export class CsvWriter {
  private readonly lines: string[] = [];
  readonly eol: CsvEol;

  constructor(options: CsvOptions = {}) {
    this.eol = options.eol ?? "\r\n";
  }

  row(cells: readonly CsvCell[]): this {
    this.lines.push(csvRow(cells));
    return this;
  }

  /**
   * A `# ...` comment line (report metadata in Lotwise's own CSVs; readers skip it with e.g.
   * csv-parse `comment: "#"` or pandas `comment="#"`). Never quoted, since those readers only see a
   * comment when "#" is the line's first character; line breaks become spaces and double quotes
   * single ones, so a reader that does not know comments still finds no open quote.
   */
  comment(text: string): this {
    this.lines.push(`# ${text.replace(/[\r\n]+/g, " ").replace(/"/g, "'")}`);
    return this;
  }

  toString(): string {
    return this.lines.length === 0 ? "" : `${this.lines.join(this.eol)}${this.eol}`;
  }
}
