import type Decimal from "decimal.js";
import { parse } from "csv-parse/sync";
import type { RowIssue } from "../ledger/types";
import { normalizeHeader, parseUtcTimestamp } from "../ledger/universal";
import { Dec } from "../exchanges/sync/precise";
import { DAY_MS, dayOf } from "./candle-store";
import { parsePriceCsv, PRICE_COLUMNS } from "./price-csv";
import type { PriceQuote } from "./types";

/**
 * Prices the user set: by hand for one transaction, or from an imported price CSV. They win over
 * every market source (the Prices issue) and are marked "manual: ..." in the audit trail.
 *
 * A manual price applies on its own UTC day: the latest one at or before the instant that day, else
 * the first one later that day. It does not reach into other days: a price set for a transaction in
 * January is no evidence of the value in June, and must not outrank June's market price. A day
 * without any price is flagged missing by the engine, never filled from an older day.
 */

export interface ManualPriceInput {
  asset: string;
  currency: string;
  time: Date;
  /** One unit of `asset` in `currency`. */
  price: Decimal;
  note?: string | null;
  /** Set when the user priced a specific transaction. */
  transactionId?: string | null;
}

interface Series {
  times: number[];
  prices: Decimal[];
  sources: string[];
}

const pad = (n: number) => String(n).padStart(2, "0");

/** "2024-03-01" for a daily price (midnight UTC), else "2024-03-01 14:05 UTC". */
export function manualStamp(ms: number): string {
  const d = new Date(ms);
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return ms % DAY_MS === 0 ? day : `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

function label(p: ManualPriceInput): string {
  const what = p.note?.trim() || (p.transactionId ? `set for transaction ${p.transactionId}` : "set by hand");
  return `manual: ${what} (${manualStamp(p.time.getTime())})`;
}

export class ManualPrices {
  private readonly byAsset = new Map<string, Map<string, Series>>();
  readonly size: number;

  constructor(prices: readonly ManualPriceInput[] = []) {
    const sorted = [...prices].filter((p) => Number.isFinite(p.time.getTime())).sort((a, b) => a.time.getTime() - b.time.getTime());
    for (const p of sorted) {
      const asset = p.asset.toUpperCase();
      const currency = p.currency.toUpperCase();
      let byCur = this.byAsset.get(asset);
      if (!byCur) this.byAsset.set(asset, (byCur = new Map()));
      let s = byCur.get(currency);
      if (!s) byCur.set(currency, (s = { times: [], prices: [], sources: [] }));
      s.times.push(p.time.getTime());
      s.prices.push(p.price);
      s.sources.push(label(p));
    }
    this.size = sorted.length;
  }

  /** The manual price of `asset` in `currency` for the instant `ms`, from the same UTC day only. */
  sameDay(asset: string, currency: string, ms: number): PriceQuote | null {
    const s = this.byAsset.get(asset)?.get(currency);
    if (!s) return null;
    const i = pick(s.times, ms);
    return i < 0 ? null : { price: s.prices[i] as Decimal, source: s.sources[i] as string };
  }

  /** Currencies (other than `except`) with a manual price of `asset` on the UTC day of `ms`. */
  otherCurrencies(asset: string, except: string, ms: number): string[] {
    const byCur = this.byAsset.get(asset);
    if (!byCur) return [];
    const out: string[] = [];
    for (const [cur, s] of byCur) if (cur !== except && pick(s.times, ms) >= 0) out.push(cur);
    return out.sort();
  }

  hasAsset(asset: string): boolean {
    return this.byAsset.has(asset);
  }
}

/** Index of the price to use at `ms`: latest at or before it on its UTC day, else the first later that day; -1 when none. */
function pick(times: readonly number[], ms: number): number {
  let lo = 0;
  let hi = times.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] as number) <= ms) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const day = dayOf(ms);
  if (found >= 0 && dayOf(times[found] as number) === day) return found;
  const next = times[found + 1];
  return next !== undefined && dayOf(next) === day ? found + 1 : -1;
}

export function toManualPrices(manual: ManualPrices | readonly ManualPriceInput[] | undefined): ManualPrices {
  if (manual instanceof ManualPrices) return manual;
  return new ManualPrices(manual ?? []);
}

export interface ManualPriceRow {
  asset: string;
  currency: string;
  time: Date;
  price: Decimal;
}

export type PriceCsvRowsOutcome = { ok: true; rows: ManualPriceRow[] } | { ok: false; issues: RowIssue[] };

/**
 * The rows of a price CSV (`Date, Asset, Currency, Price`), to store as manual prices. Validation is
 * `parsePriceCsv`'s (lib/pricing/price-csv.ts, the one definition of the format, also used by the
 * CLI): its issues are returned as they are. `PriceTable` does not expose its rows, so they are read
 * again here from the validated text, with the same header matching and timestamp parser.
 */
export function priceCsvRows(text: string): PriceCsvRowsOutcome {
  const checked = parsePriceCsv(text);
  if (!checked.ok) return checked;
  const source = text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
  const records = parse(source, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  const rows: ManualPriceRow[] = [];
  const header = (records[0] ?? []).map(normalizeHeader);
  const [di, ai, ci, pi] = PRICE_COLUMNS.map((c) => header.indexOf(c.toLowerCase())) as [number, number, number, number];
  for (const record of records.slice(1)) {
    if (record.every((c) => c.trim() === "")) continue;
    const time = parseUtcTimestamp((record[di] ?? "").trim());
    if (!time) continue;
    rows.push({
      asset: (record[ai] ?? "").trim().toUpperCase(),
      currency: (record[ci] ?? "").trim().toUpperCase(),
      time,
      price: new Dec((record[pi] ?? "").trim()),
    });
  }
  if (rows.length !== checked.table.size) throw new Error(`price CSV read ${rows.length} rows, the validator ${checked.table.size}`);
  return { ok: true, rows };
}
