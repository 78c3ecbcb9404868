import Decimal from "decimal.js";
import { ctorResolver, decodeDecimal, encodeDecimal, type CtorResolver } from "./checkpoint-state";
import type { Balance, BasisAllocation, ConsumedLot, DisposalLine, IncomeEvent, OpenLot, PriceUsed, RemovalLine, TaxResult, TaxWarning } from "./types";

/**
 * A TaxResult as bytes and back, for the result cache: every field, every Decimal exact and with
 * its constructor (so later arithmetic rounds as before; see `encodeDecimal`), every Date to the
 * millisecond. result-json.ts is the CLI's document (labels, no open lots, balances or
 * allocations) and does not come back; this does. Records are positional arrays to keep the text
 * small; the caller compresses it. `deserializeTaxResult(serializeTaxResult(r))` has the same
 * JSON (`JSON.stringify`) as `r`, with plain objects for lines.
 */

type J = string | number | boolean | null | J[] | { [k: string]: J };

const FORMAT = 1;

const d = (x: Decimal): string => encodeDecimal(x);
const t = (x: Date | null): number | null => (x === null ? null : x.getTime());

function lot(l: ConsumedLot): J {
  return [l.id, l.externalId, l.account, t(l.acquiredAt), d(l.amount), d(l.costBasis), l.basisMissing];
}
function price(p: PriceUsed): J {
  return [p.asset, d(p.amount), d(p.value), p.currency, p.price === null ? null : d(p.price), p.source, t(p.at)];
}
function line(x: DisposalLine): J {
  const pool = x.pool ? [d(x.pool.quantityBefore), d(x.pool.costBefore), d(x.pool.quantityAfter), d(x.pool.costAfter)] : null;
  return [x.disposalId, x.entries, x.kind, x.asset, d(x.amount), x.account, t(x.acquiredAt), t(x.disposedAt), d(x.proceeds), d(x.costBasis), d(x.gain), x.term, x.rule, x.lots.map(lot), x.prices.map(price), x.basisMissing, x.priceMissing, x.taxYear, pool];
}
function income(x: IncomeEvent): J {
  return [x.id, x.asset, d(x.amount), x.account, t(x.receivedAt), d(x.value), x.type, x.prices.map(price), x.valueMissing, x.taxYear];
}
function removal(x: RemovalLine): J {
  return [x.id, x.reason, x.asset, d(x.amount), x.account, t(x.at), x.lots.map(lot), x.taxYear];
}
function openLot(x: OpenLot): J {
  return [x.id, x.asset, x.account, x.externalId, t(x.acquiredAt), d(x.amount), d(x.costBasis), x.basisMissing];
}
function balance(b: Balance): J {
  return [b.asset, b.account, d(b.amount)];
}
function warning(x: TaxWarning): J {
  return [x.code, x.message, x.entries, x.asset, x.account, t(x.at), x.taxYear];
}
function allocation(x: BasisAllocation): J {
  return [x.asset, x.lotId, x.from, x.to, d(x.amount), d(x.costBasis)];
}

/** Plain objects with Decimals (totals, summaries, settings): Decimals become {"$": tagged}. */
function tree(v: unknown): J {
  if (v === null || typeof v !== "object") return v as J;
  if (Array.isArray(v)) return v.map(tree);
  if (Decimal.isDecimal(v)) return { $: d(v as Decimal) };
  const out: { [k: string]: J } = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = tree(x);
  return out;
}

/** The record arrays of a result: large, and mostly unchanged by an incremental recompute. */
export type RecordArray = "disposals" | "income" | "removals" | "openLots";
export const RECORD_ARRAYS: readonly RecordArray[] = ["disposals", "income", "removals", "openLots"];
type RecordOf<K extends RecordArray> = TaxResult[K][number];
const ENCODERS: { [K in RecordArray]: (x: RecordOf<K>) => J } = { disposals: line, income, removals: removal, openLots: openLot };

/**
 * Each record's JSON text. `memo` (optional) keeps the text by object identity: an incremental
 * recompute (incremental.ts) keeps most records of the previous result as the same objects, so
 * encoding the new result costs only its new records. Records are never mutated once made, so
 * this is safe; the text is the same with or without it.
 */
export function encodeRecords<K extends RecordArray>(kind: K, records: readonly RecordOf<K>[], memo?: WeakMap<object, string>): string[] {
  const enc = ENCODERS[kind] as (x: RecordOf<K>) => J;
  const out = new Array<string>(records.length);
  for (let i = 0; i < records.length; i++) {
    const x = records[i] as RecordOf<K>;
    let text = memo?.get(x);
    if (text === undefined) {
      text = JSON.stringify(enc(x));
      memo?.set(x, text);
    }
    out[i] = text;
  }
  return out;
}

/** Everything but the record arrays, as JSON text (small). */
export function encodeResultRest(r: TaxResult): string {
  const { disposals: _d, income: _i, removals: _r, openLots: _o, ...rest } = documentOf({ ...r, disposals: [], income: [], removals: [], openLots: [] });
  return JSON.stringify(rest);
}

export function serializeTaxResult(r: TaxResult): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(documentOf(r)));
}

function documentOf(r: TaxResult): { [k: string]: J } {
  return {
    format: FORMAT,
    settings: tree(r.settings),
    disposals: r.disposals.map(line),
    income: r.income.map(income),
    removals: r.removals.map(removal),
    openLots: r.openLots.map(openLot),
    balances: r.balances.map(balance),
    warnings: r.warnings.map(warning),
    totals: tree(r.totals),
    summary: tree(r.summary),
    allocations: r.allocations.map(allocation),
  };
}

/**
 * The result back. Decimals of decimal.js's default constructor and the engine's own come back
 * with those constructors; others with `constructors` of the same configuration when given
 * (e.g. the ledger's), else with a clone of that configuration.
 */
export function deserializeTaxResult(bytes: Uint8Array, opts: { constructors?: Iterable<typeof Decimal> } = {}): TaxResult {
  const doc = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  const decoders = resultDecoders(opts.constructors);
  return assembleResult(decoders.rest(doc), (k) => decoders.records(k, doc[k] as unknown[][]));
}

/** A result from its parts, with its fields in the engine's order (so its JSON text is the engine's). */
export function assembleResult(rest: Omit<TaxResult, RecordArray>, records: <K extends RecordArray>(kind: K) => TaxResult[K]): TaxResult {
  const { settings, balances, warnings, totals, summary, allocations } = rest;
  return { settings, disposals: records("disposals"), income: records("income"), removals: records("removals"), openLots: records("openLots"), balances, warnings, totals, summary, allocations };
}

/** Record arrays back from `encodeRecords` texts joined as a JSON array ("[r1,r2,…]"). */
export function decodeRecords<K extends RecordArray>(kind: K, text: string): TaxResult[K] {
  return resultDecoders().records(kind, JSON.parse(text) as unknown[][]);
}

/** The rest of a result back from `encodeResultRest`. */
export function decodeResultRest(text: string): Omit<TaxResult, RecordArray> {
  return resultDecoders().rest(JSON.parse(text) as Record<string, unknown>);
}

function resultDecoders(constructors?: Iterable<typeof Decimal>) {
  const resolve: CtorResolver = ctorResolver(constructors ?? []);
  const D = (s: unknown): Decimal => decodeDecimal(s as string, resolve);
  const T = (x: unknown): Date | null => (x === null ? null : new Date(x as number));
  const untree = (v: unknown): unknown => {
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map(untree);
    const o = v as Record<string, unknown>;
    if (typeof o.$ === "string" && Object.keys(o).length === 1) return D(o.$);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = untree(x);
    return out;
  };
  const lotOf = (a: unknown[]): ConsumedLot => ({ id: a[0] as string, externalId: a[1] as string | null, account: a[2] as string | null, acquiredAt: T(a[3]), amount: D(a[4]), costBasis: D(a[5]), basisMissing: a[6] as boolean });
  const priceOf = (a: unknown[]): PriceUsed => ({ asset: a[0] as string, amount: D(a[1]), value: D(a[2]), currency: a[3] as string, price: a[4] === null ? null : D(a[4]), source: a[5] as string, at: T(a[6]) as Date });
  const disposal = (a: unknown[]): DisposalLine => {
    const out: DisposalLine = {
      disposalId: a[0] as string,
      entries: a[1] as string[],
      kind: a[2] as DisposalLine["kind"],
      asset: a[3] as string,
      amount: D(a[4]),
      account: a[5] as string,
      acquiredAt: T(a[6]),
      disposedAt: T(a[7]) as Date,
      proceeds: D(a[8]),
      costBasis: D(a[9]),
      gain: D(a[10]),
      term: a[11] as DisposalLine["term"],
      rule: a[12] as DisposalLine["rule"],
      lots: (a[13] as unknown[][]).map(lotOf),
      prices: (a[14] as unknown[][]).map(priceOf),
      basisMissing: a[15] as boolean,
      priceMissing: a[16] as boolean,
      taxYear: a[17] as number,
    };
    const pool = a[18] as string[] | null;
    if (pool !== null) out.pool = { quantityBefore: D(pool[0]), costBefore: D(pool[1]), quantityAfter: D(pool[2]), costAfter: D(pool[3]) };
    return out;
  };
  const decoders: { [K in RecordArray]: (a: unknown[]) => RecordOf<K> } = {
    disposals: disposal,
    income: (a): IncomeEvent => ({ id: a[0] as string, asset: a[1] as string, amount: D(a[2]), account: a[3] as string, receivedAt: T(a[4]) as Date, value: D(a[5]), type: a[6] as string, prices: (a[7] as unknown[][]).map(priceOf), valueMissing: a[8] as boolean, taxYear: a[9] as number }),
    removals: (a): RemovalLine => ({ id: a[0] as string, reason: a[1] as RemovalLine["reason"], asset: a[2] as string, amount: D(a[3]), account: a[4] as string, at: T(a[5]) as Date, lots: (a[6] as unknown[][]).map(lotOf), taxYear: a[7] as number }),
    openLots: (a): OpenLot => ({ id: a[0] as string, asset: a[1] as string, account: a[2] as string, externalId: a[3] as string | null, acquiredAt: T(a[4]), amount: D(a[5]), costBasis: D(a[6]), basisMissing: a[7] as boolean }),
  };
  return {
    records<K extends RecordArray>(kind: K, rows: unknown[][]): TaxResult[K] {
      return rows.map(decoders[kind] as (a: unknown[]) => RecordOf<K>) as TaxResult[K];
    },
    rest(doc: Record<string, unknown>): Omit<TaxResult, RecordArray> {
      if (doc.format !== FORMAT) throw new RangeError(`unknown result format ${String(doc.format)}`);
      const rows = (k: string): unknown[][] => doc[k] as unknown[][];
      return {
        settings: untree(doc.settings) as TaxResult["settings"],
        balances: rows("balances").map((a): Balance => ({ asset: a[0] as string, account: a[1] as string, amount: D(a[2]) })),
        warnings: rows("warnings").map((a): TaxWarning => ({ code: a[0] as TaxWarning["code"], message: a[1] as string, entries: a[2] as string[], asset: a[3] as string | null, account: a[4] as string | null, at: T(a[5]), taxYear: a[6] as number | null })),
        totals: untree(doc.totals) as TaxResult["totals"],
        summary: untree(doc.summary) as TaxResult["summary"],
        allocations: rows("allocations").map((a): BasisAllocation => ({ asset: a[0] as string, lotId: a[1] as string, from: a[2] as string, to: a[3] as string, amount: D(a[4]), costBasis: D(a[5]) })),
      };
    },
  };
}
