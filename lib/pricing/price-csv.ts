import Decimal from "decimal.js";
import { parse } from "csv-parse/sync";
import { normalizeHeader, parseUtcTimestamp } from "../ledger/universal";
import type { RowIssue } from "../ledger/types";
import { PriceTable } from "./types";

/**
 * The price CSV the app imports and `lotwise gains --prices` reads:
 *
 *   Date, Asset, Currency, Price        e.g.  2024-03-01, BNB, USD, 412.35
 *
 * `Date` is a day (a daily price) or a UTC timestamp; `Price` is one unit of `Asset` in
 * `Currency`. A fiat pair (`EUR, USD, 1.08`) converts a row's fiat value into the reporting
 * currency. Nothing is returned when any row is bad.
 */

export const PRICE_COLUMNS = ["Date", "Asset", "Currency", "Price"] as const;

const Num = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });
const PLAIN_NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const CODE = /^[^\s,;"']{1,40}$/;

export type PriceCsvOutcome = { ok: true; table: PriceTable } | { ok: false; issues: RowIssue[] };

export function parsePriceCsv(text: string, opts: { sourceName?: string } = {}): PriceCsvOutcome {
  const table = new PriceTable(opts.sourceName);
  const issues: RowIssue[] = [];
  let index: number[] | null = null;
  // LF line ends keep csv-parse's line numbers exact (it counts a quoted CRLF twice).
  const source = text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
  try {
    parse(source, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (record: string[], ctx) => {
        const line = ctx.lines;
        if (issues.length >= 100) return null;
        if (!index) {
          const keys = record.map(normalizeHeader);
          index = PRICE_COLUMNS.map((c) => keys.indexOf(c.toLowerCase()));
          PRICE_COLUMNS.forEach((c, i) => {
            if ((index?.[i] ?? -1) < 0) issues.push({ line, column: c, reason: `missing required column "${c}"` });
          });
          return null;
        }
        if (record.every((c) => c.trim() === "")) return null;
        const [di, ai, ci, pi] = index as [number, number, number, number];
        const rawDate = (record[di] ?? "").trim();
        const asset = (record[ai] ?? "").trim().toUpperCase();
        const currency = (record[ci] ?? "").trim().toUpperCase();
        const rawPrice = (record[pi] ?? "").trim();
        const time = parseUtcTimestamp(rawDate);
        const before = issues.length;
        if (!time) issues.push({ line, column: "Date", reason: rawDate === "" ? "missing date" : `invalid date "${rawDate}"` });
        if (!CODE.test(asset)) issues.push({ line, column: "Asset", reason: asset === "" ? "missing asset" : `not an asset code: "${asset}"` });
        if (!CODE.test(currency)) issues.push({ line, column: "Currency", reason: currency === "" ? "missing currency" : `not a currency code: "${currency}"` });
        if (!PLAIN_NUMBER.test(rawPrice)) issues.push({ line, column: "Price", reason: rawPrice === "" ? "missing price" : `not a positive plain decimal: "${rawPrice}"` });
        else if (new Num(rawPrice).isZero()) issues.push({ line, column: "Price", reason: "price is zero" });
        if (issues.length === before && time) table.add(asset, currency, time, new Num(rawPrice));
        return null;
      },
    });
  } catch (e) {
    const err = e as { lines?: number; message?: string };
    return { ok: false, issues: [{ line: err.lines ?? 1, reason: `not valid CSV: ${err.message ?? String(e)}` }] };
  }
  if (!index) return { ok: false, issues: [{ line: 1, reason: "empty file: expected the header Date,Asset,Currency,Price" }] };
  return issues.length > 0 ? { ok: false, issues } : { ok: true, table };
}
