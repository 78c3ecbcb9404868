import { createHash } from "node:crypto";
import Decimal from "decimal.js";
import { parse } from "csv-parse/sync";
import { INCOME_TYPES, isFiat, type LedgerEntry, type RowIssue, type TxKind } from "./types";

/**
 * The universal ledger CSV: Koinly's "universal" columns plus an optional `Account`. One row is
 * one ledger entry; direction comes from the Sent/Received column pair, never from a sign.
 *
 *   Date, Sent Amount, Sent Currency, Received Amount, Received Currency, Fee Amount,
 *   Fee Currency, Net Worth Amount, Net Worth Currency, Label, Description, TxHash[, Account]
 *
 * A transfer between two of the user's accounts is a Sent row on one `Account` and a Received row
 * on another with the same `TxHash` (lib/ledger/transfers.ts pairs them).
 *
 * Pure: strings in, `LedgerEntry[]` or `RowIssue[]` out. On any issue nothing is returned, so a
 * half-read file can never reach the tax engine.
 */

export const UNIVERSAL_COLUMNS = [
  "Date",
  "Sent Amount",
  "Sent Currency",
  "Received Amount",
  "Received Currency",
  "Fee Amount",
  "Fee Currency",
  "Net Worth Amount",
  "Net Worth Currency",
  "Label",
  "Description",
  "TxHash",
  "Account",
] as const;
export type UniversalColumn = (typeof UNIVERSAL_COLUMNS)[number];

export const UNIVERSAL_REQUIRED_COLUMNS: readonly UniversalColumn[] = ["Date", "Sent Amount", "Sent Currency", "Received Amount", "Received Currency"];

/** Universal-format amounts and values carry 60 significant digits, like the other importers. */
const Num = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });

export interface UniversalOptions {
  /** Account for rows whose `Account` cell is empty or absent. Default "default". */
  account?: string;
  /** Stop collecting issues after this many (the outcome still fails). Default 100. */
  maxIssues?: number;
}

export type UniversalOutcome = { ok: true; entries: LedgerEntry[] } | { ok: false; issues: RowIssue[] };

export function normalizeHeader(cell: string): string {
  return cell.replace(/^\uFEFF/, "").trim().replace(/\s+/g, " ").toLowerCase();
}

/** True when the header has every required universal column (extra columns are fine). */
export function isUniversalHeader(cells: readonly string[]): boolean {
  const keys = new Set(cells.map(normalizeHeader));
  return UNIVERSAL_REQUIRED_COLUMNS.every((c) => keys.has(normalizeHeader(c)));
}

// --- cells -------------------------------------------------------------------------------

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * ISO 8601 (`2024-01-02T03:04:05Z`, `…+01:00`, fractions), `YYYY-MM-DD HH:mm[:ss]` read as UTC,
 * the same with a trailing ` UTC` (Koinly writes `2024-01-02 03:04 UTC`), or a bare date (00:00
 * UTC). Returns null for anything else or an impossible field (`2024-13-45 25:61`).
 */
export function parseUtcTimestamp(text: string): Date | null {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) return null;
  const year = +(m[1] ?? 0);
  const month = +(m[2] ?? 0);
  const day = +(m[3] ?? 0);
  const hour = m[4] === undefined ? 0 : +m[4];
  const minute = m[5] === undefined ? 0 : +m[5];
  const second = m[6] === undefined ? 0 : +m[6];
  const ms = m[7] === undefined ? 0 : +m[7].slice(0, 3).padEnd(3, "0");
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return null;
  let offsetMin = 0;
  const zone = m[8]?.toUpperCase();
  if (zone && zone !== "Z" && zone !== "UTC" && zone !== "GMT") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const oh = +digits.slice(0, 2);
    const om = digits.length > 2 ? +digits.slice(2, 4) : 0;
    if (oh > 23 || om > 59) return null;
    offsetMin = sign * (oh * 60 + om);
  }
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMin * 60_000);
}

const PLAIN_NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

type Cell<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Amounts parsed lately, by text: the same text gives the same Decimal (values are immutable).
 * Ledgers repeat values (fees of 0.01, round amounts), and each Decimal is three heap objects: on
 * the engine bench's 1M rows the parsed ledger's heap is 655 MB instead of 729 MB. Bounded, as a
 * long-running server parses many files: cleared when full, so the newest texts stay.
 */
const amountCache = new Map<string, Decimal>();
const AMOUNT_CACHE_LIMIT = 1 << 16;

function parseAmount(raw: string): Cell<Decimal | null> {
  const s = raw.trim();
  if (s === "") return { ok: true, value: null };
  // Copying right-sizes the digit array decimal.js grew while parsing: half the memory per amount.
  if (PLAIN_NUMBER.test(s)) {
    let v = amountCache.get(s);
    if (v === undefined) {
      v = new Num(new Num(s));
      if (amountCache.size >= AMOUNT_CACHE_LIMIT) amountCache.clear();
      amountCache.set(s, v);
    }
    return { ok: true, value: v };
  }
  if (/^-\s*(?:\d|\.\d)/.test(s)) return { ok: false, reason: `negative amount "${s}": direction comes from the Sent/Received columns, amounts are positive` };
  return { ok: false, reason: `not a plain decimal number: "${s}"` };
}

/** Canonical text of an amount for the fingerprint: "1.50" and "1.5" are the same amount. */
function canonicalAmount(raw: string): string {
  let s = raw.trim().toLowerCase();
  if (s === "" || s.includes("e")) return s;
  if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  s = s.replace(/^0+(?=\d)/, "");
  return s === "" ? "0" : s;
}

const CURRENCY = /^[^\s,;"']{1,40}$/;

/** Label → kind/label. Unlisted labels are kept as text and the kind follows the amounts. */
const INCOME_LABELS: Record<string, string> = {
  ...Object.fromEntries(INCOME_TYPES.map((t) => [t, t])),
  "other income": "income",
  reward: "income",
  rewards: "income",
  cashback: "income",
  "lending interest": "interest",
  "loan interest": "interest",
};
const LOST_LABELS = new Set(["lost", "stolen", "lost/stolen"]);
const SPEND_LABELS = new Set(["spend", "payment", "purchase"]);

/**
 * "u-" and the first 24 hex digits of a row's digest, as one flat string. Written as
 * `u-${digest.slice(0, 24)}`, V8 keeps it as a concatenation of a slice of the 64-digit digest:
 * three heap objects that keep the whole digest alive, ~140 bytes per id instead of ~48; 95 MB
 * more heap for the engine bench's 1M rows, which every later pass over the ledger pays for.
 */
function universalId(hexDigest: string): string {
  ID_BUFFER.write(hexDigest.slice(0, 24), 2, "latin1");
  return ID_BUFFER.toString("latin1");
}
const ID_BUFFER = Buffer.from(`u-${"0".repeat(24)}`, "latin1");

// --- the row parser ------------------------------------------------------------------------

interface ColumnIndex {
  date: number;
  sentAmount: number;
  sentCurrency: number;
  receivedAmount: number;
  receivedCurrency: number;
  feeAmount: number;
  feeCurrency: number;
  netWorthAmount: number;
  netWorthCurrency: number;
  label: number;
  description: number;
  txHash: number;
  account: number;
}

export interface UniversalRowParser {
  /** Feed one data record with its 1-based file line. */
  row(cells: readonly string[], line: number): void;
  finish(): UniversalOutcome;
}

/**
 * Streaming form for `lib/importers`: build it from the header, feed rows as they are read.
 * Returns the missing-column issues instead when the header lacks a required column.
 */
export function createUniversalParser(
  header: readonly string[],
  opts: UniversalOptions & { headerLine?: number } = {},
): { ok: true; parser: UniversalRowParser } | { ok: false; issues: RowIssue[] } {
  const keys = header.map(normalizeHeader);
  const at = (name: UniversalColumn): number => keys.indexOf(normalizeHeader(name));
  const missing = UNIVERSAL_REQUIRED_COLUMNS.filter((c) => at(c) < 0);
  if (missing.length > 0) {
    return { ok: false, issues: missing.map((c) => ({ line: opts.headerLine ?? 1, column: c, reason: `missing required column "${c}"` })) };
  }
  const col: ColumnIndex = {
    date: at("Date"),
    sentAmount: at("Sent Amount"),
    sentCurrency: at("Sent Currency"),
    receivedAmount: at("Received Amount"),
    receivedCurrency: at("Received Currency"),
    feeAmount: at("Fee Amount"),
    feeCurrency: at("Fee Currency"),
    netWorthAmount: at("Net Worth Amount"),
    netWorthCurrency: at("Net Worth Currency"),
    label: at("Label"),
    description: at("Description"),
    txHash: at("TxHash"),
    account: at("Account"),
  };
  const defaultAccount = opts.account?.trim() || "default";
  const maxIssues = opts.maxIssues ?? 100;
  const entries: LedgerEntry[] = [];
  const issues: RowIssue[] = [];
  let dropped = 0;
  const seen = new Map<string, number>();
  const interned = new Map<string, string>();
  const intern = (s: string): string => {
    const hit = interned.get(s);
    if (hit !== undefined) return hit;
    interned.set(s, s);
    return s;
  };

  const issue = (line: number, column: UniversalColumn | undefined, reason: string): void => {
    if (issues.length < maxIssues) issues.push(column ? { line, column, reason } : { line, reason });
    else dropped++;
  };

  const cell = (cells: readonly string[], i: number): string => (i < 0 ? "" : (cells[i] ?? "").trim());

  function side(cells: readonly string[], line: number, amountCol: number, currencyCol: number, amountName: UniversalColumn, currencyName: UniversalColumn): { ok: boolean; asset: string | null; amount: Decimal | null; raw: string } {
    const rawAmount = cell(cells, amountCol);
    const rawCurrency = cell(cells, currencyCol);
    const amount = parseAmount(rawAmount);
    if (!amount.ok) {
      issue(line, amountName, amount.reason);
      return { ok: false, asset: null, amount: null, raw: "" };
    }
    if (amount.value === null) {
      if (rawCurrency !== "") {
        issue(line, amountName, `${currencyName} is "${rawCurrency}" but ${amountName} is empty`);
        return { ok: false, asset: null, amount: null, raw: "" };
      }
      return { ok: true, asset: null, amount: null, raw: "" };
    }
    if (rawCurrency === "") {
      issue(line, currencyName, `${amountName} is ${rawAmount} but ${currencyName} is empty`);
      return { ok: false, asset: null, amount: null, raw: "" };
    }
    if (!CURRENCY.test(rawCurrency)) {
      issue(line, currencyName, `not a currency code: "${rawCurrency}"`);
      return { ok: false, asset: null, amount: null, raw: "" };
    }
    // A zero leg (Koinly writes "0" fees) is no leg at all.
    if (amount.value.isZero()) return { ok: true, asset: null, amount: null, raw: "" };
    return { ok: true, asset: intern(rawCurrency.toUpperCase()), amount: amount.value, raw: canonicalAmount(rawAmount) };
  }

  function row(cells: readonly string[], line: number): void {
    if (cells.every((c) => c.trim() === "")) return;
    const before = issues.length + dropped;
    const rawDate = cell(cells, col.date);
    const time = rawDate === "" ? null : parseUtcTimestamp(rawDate);
    if (!time) issue(line, "Date", rawDate === "" ? "missing date" : `invalid date "${rawDate}" (expected ISO 8601 or YYYY-MM-DD HH:mm:ss, UTC)`);
    const sent = side(cells, line, col.sentAmount, col.sentCurrency, "Sent Amount", "Sent Currency");
    const received = side(cells, line, col.receivedAmount, col.receivedCurrency, "Received Amount", "Received Currency");
    const fee = side(cells, line, col.feeAmount, col.feeCurrency, "Fee Amount", "Fee Currency");
    const worth = side(cells, line, col.netWorthAmount, col.netWorthCurrency, "Net Worth Amount", "Net Worth Currency");
    // Net Worth of zero is a value (a worthless airdrop), unlike a zero leg: read it again.
    let fiatValue = worth.amount;
    let fiatCurrency = worth.asset;
    // A Net Worth equal to the row's fiat leg (a buy or sell priced in that currency) shares its
    // Decimal: values are immutable, and a million rows keep a hundred thousand fewer objects.
    if (fiatValue !== null && worth.asset === received.asset && worth.raw === received.raw) fiatValue = received.amount;
    else if (fiatValue !== null && worth.asset === sent.asset && worth.raw === sent.raw) fiatValue = sent.amount;
    if (worth.ok && fiatValue === null && cell(cells, col.netWorthAmount) !== "" && cell(cells, col.netWorthCurrency) !== "") {
      fiatValue = new Num(0);
      fiatCurrency = intern(cell(cells, col.netWorthCurrency).toUpperCase());
    }
    if (fiatCurrency !== null && !isFiat(fiatCurrency)) issue(line, "Net Worth Currency", `Net Worth Currency must be fiat money, got "${fiatCurrency}"`);
    const labelText = cell(cells, col.label).toLowerCase();
    const label = labelText === "" ? null : intern(labelText);
    if (!sent.ok || !received.ok || !fee.ok || !time) return;
    if (issues.length + dropped > before) return;

    const hasSent = sent.asset !== null;
    const hasReceived = received.asset !== null;
    let kind: TxKind;
    let entryLabel = label;
    const income = label === null ? undefined : INCOME_LABELS[label];
    if (income !== undefined) {
      if (!hasReceived || hasSent) return issue(line, "Label", `label "${label}" needs a Received amount and no Sent amount`);
      kind = "income";
      entryLabel = income;
    } else if (label === "gift") {
      if (hasSent === hasReceived) return issue(line, "Label", `label "gift" needs either a Sent or a Received amount, not ${hasSent ? "both" : "neither"}`);
      kind = hasSent ? "gift-sent" : "gift-received";
    } else if (label !== null && LOST_LABELS.has(label)) {
      if (!hasSent || hasReceived) return issue(line, "Label", `label "${label}" needs a Sent amount and no Received amount`);
      kind = "lost";
    } else if (label !== null && SPEND_LABELS.has(label) && hasSent && !hasReceived) {
      kind = "spend";
    } else if (hasSent && hasReceived) {
      const sentFiat = isFiat(sent.asset as string);
      const receivedFiat = isFiat(received.asset as string);
      kind = sentFiat && !receivedFiat ? "buy" : !sentFiat && receivedFiat ? "sell" : "trade";
    } else if (hasSent) kind = "withdrawal";
    else if (hasReceived) kind = "deposit";
    else if (fee.asset !== null) kind = "fee";
    else return issue(line, undefined, "row has no Sent, Received or Fee amount");

    const account = intern(cell(cells, col.account) || defaultAccount);
    const description = cell(cells, col.description) || null;
    const txHash = cell(cells, col.txHash) || null;
    const fingerprint = [
      account,
      time.getTime(),
      sent.raw,
      sent.asset ?? "",
      received.raw,
      received.asset ?? "",
      fee.raw,
      fee.asset ?? "",
      fiatValue === null ? "" : canonicalAmount(cell(cells, col.netWorthAmount)),
      fiatCurrency ?? "",
      labelText,
      description ?? "",
      txHash ?? "",
    ].join("\u001f");
    const digest = createHash("sha256").update(fingerprint).digest("hex");
    // Identical rows are distinct events (two equal fills): the ordinal keeps their ids apart and
    // stable across re-imports of the same file.
    const ordinal = seen.get(digest) ?? 0;
    seen.set(digest, ordinal + 1);
    const externalId = universalId(ordinal === 0 ? digest : createHash("sha256").update(`${digest}#${ordinal}`).digest("hex"));

    entries.push({
      externalId,
      time,
      account,
      kind,
      sentAsset: sent.asset,
      sentAmount: sent.amount,
      receivedAsset: received.asset,
      receivedAmount: received.amount,
      feeAsset: fee.asset,
      feeAmount: fee.amount,
      fiatValue,
      fiatCurrency,
      label: entryLabel,
      description,
      txHash,
      sourceLine: line,
    });
  }

  function finish(): UniversalOutcome {
    seen.clear();
    if (issues.length > 0) {
      if (dropped > 0) issues.push({ line: issues[issues.length - 1]?.line ?? 0, reason: `…and ${dropped} more issues` });
      return { ok: false, issues };
    }
    return { ok: true, entries };
  }

  return { ok: true, parser: { row, finish } };
}

/** Rows already split into cells (e.g. by `lib/importers`' CSV reader), each with its file line. */
export function parseUniversalRows(
  header: readonly string[],
  rows: Iterable<{ line: number; cells: readonly string[] }>,
  opts: UniversalOptions & { headerLine?: number } = {},
): UniversalOutcome {
  const made = createUniversalParser(header, opts);
  if (!made.ok) return made;
  for (const r of rows) made.parser.row(r.cells, r.line);
  return made.parser.finish();
}

/**
 * Whole-file convenience: the header is the first non-empty line. A UTF-8 BOM and CRLF are fine.
 * Records are converted as csv-parse produces them, so the raw cells of a 1M-row file are never
 * all held at once.
 */
export function parseUniversalCsv(text: string, opts: UniversalOptions = {}): UniversalOutcome {
  let parser: UniversalRowParser | null = null;
  let headerIssues: RowIssue[] | null = null;
  // csv-parse counts a CRLF inside a quoted cell as two lines; with LF line ends its counts are
  // exact, so CRLF files (Windows exports) are normalised first.
  const source = text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
  try {
    parse(source, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (record: string[], ctx) => {
        // csv-parse reports the line a record ends on; a quoted cell may span lines.
        let line = ctx.lines;
        for (const c of record) for (let i = c.indexOf("\n"); i >= 0; i = c.indexOf("\n", i + 1)) line--;
        if (headerIssues) return null;
        if (!parser) {
          const made = createUniversalParser(record, { ...opts, headerLine: line });
          if (made.ok) parser = made.parser;
          else headerIssues = made.issues;
          return null;
        }
        parser.row(record, line);
        return null;
      },
    });
  } catch (e) {
    const err = e as { lines?: number; message?: string };
    return { ok: false, issues: [{ line: err.lines ?? 1, reason: `not valid CSV: ${err.message ?? String(e)}` }] };
  }
  if (headerIssues) return { ok: false, issues: headerIssues };
  if (!parser) return { ok: false, issues: [{ line: 1, reason: "empty file: expected a header row" }] };
  return (parser as UniversalRowParser).finish();
}
