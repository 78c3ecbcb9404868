import type Decimal from "decimal.js";
import { matchTransfers, type TransferMatch } from "../ledger/transfers";
import type { LedgerEntry } from "../ledger/types";
import { isValidTimeZone, localDayFn } from "./calendar";
import { QZERO } from "./decimal";
import { findDuplicates } from "./duplicates";
import { emitEvents, type EmitContext } from "./events";
import { Holdings } from "./holdings";
import { jurisdictionById, JURISDICTIONS, type Jurisdiction } from "./jurisdictions";
import type { TermBuckets } from "./jurisdictions/buckets";
import { LotEngine, type LineHook } from "./lot-engine";
import { methodById } from "./methods";
import { compareOpenLots, compareRemovals, sortByTime, sortDisposals, sortIncome } from "./order";
import type { Balance, BasisAllocation, DisposalLine, IncomeEvent, MethodId, OpenLot, RemovalLine, ResolvedSettings, TaxResult, TaxSettings, TaxWarning, Totals, YearSummary } from "./types";
import { UkMatcher } from "./uk-matching";
import { Valuer } from "./valuation";
import { compareWarnings, Warnings } from "./warnings";

/**
 * The tax engine: ledger + settings -> disposals, income, holdings, warnings, totals and yearly
 * summaries. Pure and deterministic: no I/O, no clock, no randomness; every output list is sorted
 * on its content, so the same ledger (in any order of independent rows) and settings give the same
 * result. Invalid settings throw (a programming error); problems in the data are warnings.
 */

const METHOD_IDS: readonly MethodId[] = ["fifo", "lifo", "hifo", "specific"];

/** Problems with settings, as messages (empty when valid). */
export function validateSettings(settings: TaxSettings): string[] {
  const errors: string[] = [];
  const j = JURISDICTIONS[settings.jurisdiction];
  if (!j) return [`unknown jurisdiction "${String(settings.jurisdiction)}" (us, uk or de)`];
  if (settings.method !== undefined && settings.jurisdiction !== "uk") {
    if (!METHOD_IDS.includes(settings.method)) errors.push(`unknown method "${String(settings.method)}"`);
    else if (!j.allowedMethods.includes(settings.method)) errors.push(`method ${settings.method} is not allowed for ${j.id} (allowed: ${j.allowedMethods.join(", ")})`);
  }
  if (settings.currency !== undefined && !/^[A-Z]{3}$/.test(settings.currency)) errors.push(`currency must be a 3-letter code, got "${settings.currency}"`);
  if (settings.timeZone !== undefined && !isValidTimeZone(settings.timeZone)) errors.push(`unknown time zone "${settings.timeZone}"`);
  if (settings.year !== undefined && (!Number.isInteger(settings.year) || settings.year < 1970 || settings.year > 9999)) errors.push(`year must be a 4-digit year, got ${String(settings.year)}`);
  return errors;
}

export function resolveSettings(settings: TaxSettings): ResolvedSettings {
  const errors = validateSettings(settings);
  if (errors.length > 0) throw new RangeError(errors.join("; "));
  const j = jurisdictionById(settings.jurisdiction);
  return {
    jurisdiction: j.id,
    method: j.id === "uk" ? "uk-matching" : (settings.method ?? (j.defaultMethod as MethodId)),
    currency: settings.currency ?? j.currency,
    timeZone: settings.timeZone ?? j.timeZone,
    year: settings.year ?? null,
    transferFee: settings.transferFee ?? "dispose",
    lotScope: j.id === "uk" ? "universal" : (settings.lotScope ?? "auto"),
  };
}

export function computeTax(entries: readonly LedgerEntry[], settings: TaxSettings): TaxResult {
  const p = prepare(entries, settings);
  const { resolved, j, warnings } = p;
  const holdings = new Holdings();
  const income: IncomeEvent[] = [];
  const sink = makeSink(p, settings, holdings);
  emitEvents(emitContext(p, entries, settings, holdings, income, sink), p.order);
  if (sink instanceof UkMatcher) sink.finish();
  return assemble(resolved, j, {
    disposals: sink.lines,
    linesOrdered: sink instanceof LotEngine && sink.linesOrdered,
    income,
    removals: sink.removals,
    warnings: warnings.list,
    openLots: sink.openLots(),
    balances: balancesOf(holdings),
    buckets: sink instanceof LotEngine ? sink.buckets : undefined,
    allocations: sink instanceof LotEngine ? sink.allocations : [],
  });
}

/** The passes over the whole ledger that come before events: times, order, duplicates, transfers. */
export interface Prepared {
  resolved: ResolvedSettings;
  j: Jurisdiction;
  /** UTC milliseconds and local day per entry. */
  ms: Float64Array;
  days: Int32Array;
  /** Entries with a valid time, by time, equal instants in source order: the processing order. */
  order: number[];
  /** Collects every warning; holds those of these passes (unsupported-entry, duplicate-suspect) so far. */
  warnings: Warnings;
  transfers: TransferMatch;
  valuer: Valuer;
}

export function prepare(entries: readonly LedgerEntry[], settings: TaxSettings): Prepared {
  const resolved = resolveSettings(settings);
  const j = jurisdictionById(resolved.jurisdiction);
  const dayOf = localDayFn(resolved.timeZone);
  const warnings = new Warnings((ms) => j.taxYearOf(dayOf(ms)));

  const n = entries.length;
  const ms = new Float64Array(n);
  const days = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const t = (entries[i] as LedgerEntry).time.getTime();
    ms[i] = t;
    days[i] = Number.isFinite(t) ? dayOf(t) : 0;
  }
  const order = sortByTime(ms);
  let valid = order;
  if (order.some((i) => !Number.isFinite(ms[i] as number))) {
    valid = order.filter((i) => Number.isFinite(ms[i] as number));
    for (const i of order) {
      if (Number.isFinite(ms[i] as number)) continue;
      const e = entries[i] as LedgerEntry;
      warnings.add("unsupported-entry", `entry ${e.externalId} has no valid time and was skipped`, [e.externalId], null, e.account, null);
    }
  }
  findDuplicates(entries, valid, ms, warnings);
  const transfers = matchTransfers(entries, settings.transfers);
  return { resolved, j, ms, days, order: valid, warnings, transfers, valuer: new Valuer(resolved.currency, settings.prices ?? null) };
}

export function makeSink(p: Prepared, settings: TaxSettings, holdings: Holdings, lineHook: LineHook | null = null): LotEngine | UkMatcher {
  const { resolved, j, warnings } = p;
  return j.id === "uk"
    ? new UkMatcher(j, warnings)
    : new LotEngine(holdings, {
        method: methodById(resolved.method as MethodId),
        jurisdiction: j,
        scope: resolved.lotScope,
        picks: settings.lotPicks ?? null,
        warnings,
        lineHook,
      });
}

export function emitContext(p: Prepared, entries: readonly LedgerEntry[], _settings: TaxSettings, holdings: Holdings, income: IncomeEvent[], sink: LotEngine | UkMatcher): EmitContext {
  const j = p.j;
  let yearDay = Number.NaN;
  let year = 0;
  const taxYearOf = (day: number): number => (day === yearDay ? year : ((yearDay = day), (year = j.taxYearOf(day))));
  return { entries, days: p.days, partner: p.transfers.partner, holdings, valuer: p.valuer, warnings: p.warnings, jurisdiction: j, transferFee: p.resolved.transferFee, income, sink, taxYearOf, only: null };
}

/** What the events produced, before the year filter and the final orders. */
export interface Produced {
  disposals: DisposalLine[];
  /** The lines are in processing order with no two disposals at one instant (no sort needed). */
  linesOrdered: boolean;
  income: IncomeEvent[];
  removals: RemovalLine[];
  warnings: TaxWarning[];
  openLots: OpenLot[];
  balances: Balance[];
  /** US/DE: short/long totals per tax year, added up in processing order. */
  buckets: TermBuckets | undefined;
  allocations: BasisAllocation[];
}

/** The result from what the events produced: year filter, deterministic orders, summaries, totals. */
export function assemble(resolved: ResolvedSettings, j: Jurisdiction, x: Produced): TaxResult {
  let disposals = x.disposals;
  let incomeOut = x.income;
  let removals = x.removals;
  let warningList = x.warnings;
  if (resolved.year !== null) {
    const y = resolved.year;
    disposals = disposals.filter((l) => l.taxYear === y);
    incomeOut = incomeOut.filter((e) => e.taxYear === y);
    removals = removals.filter((r) => r.taxYear === y);
    warningList = warningList.filter((w) => w.taxYear === null || w.taxYear === y);
  }
  if (!x.linesOrdered) sortDisposals(disposals);
  sortIncome(incomeOut);
  removals.sort(compareRemovals);
  warningList.sort(compareWarnings);
  const openLots = x.openLots.sort(compareOpenLots);
  const precomputed = x.buckets === undefined ? undefined : yearFilter(x.buckets, resolved.year);
  const summary = j.summarize(disposals, incomeOut, precomputed);

  return {
    settings: resolved,
    disposals,
    income: incomeOut,
    removals,
    openLots,
    balances: x.balances,
    warnings: warningList,
    totals: totalsOf(disposals, incomeOut, summary),
    summary,
    allocations: x.allocations,
  };
}

function yearFilter<T>(byYear: Map<number, T>, year: number | null): Map<number, T> {
  if (year === null) return byYear;
  const hit = byYear.get(year);
  return hit === undefined ? new Map() : new Map([[year, hit]]);
}

export function balancesOf(holdings: Holdings): Balance[] {
  const out: Balance[] = [];
  for (const book of holdings.books.values()) {
    for (const h of book.holders) if (!h.balance.isZero()) out.push({ asset: h.asset, account: h.account, amount: h.balance });
  }
  return out.sort(compareBalances);
}

export function compareBalances(a: Balance, b: Balance): number {
  return a.asset < b.asset ? -1 : a.asset > b.asset ? 1 : a.account < b.account ? -1 : a.account > b.account ? 1 : 0;
}

function totalsOf(disposals: readonly DisposalLine[], income: readonly IncomeEvent[], summary: readonly YearSummary[]): Totals {
  // 60-digit sums: exact, so independent of the order they are added in.
  let proceeds: Decimal = QZERO;
  let costBasis: Decimal = QZERO;
  let shortTermGain: Decimal = QZERO;
  let longTermGain: Decimal = QZERO;
  let incomeTotal: Decimal = QZERO;
  for (const s of summary) {
    incomeTotal = incomeTotal.plus(s.income);
    if (s.jurisdiction === "us") {
      proceeds = proceeds.plus(s.shortTerm.proceeds).plus(s.longTerm.proceeds);
      costBasis = costBasis.plus(s.shortTerm.costBasis).plus(s.longTerm.costBasis);
      shortTermGain = shortTermGain.plus(s.shortTerm.gain);
      longTermGain = longTermGain.plus(s.longTerm.gain);
    } else if (s.jurisdiction === "de") {
      proceeds = proceeds.plus(s.shortTerm.proceeds).plus(s.longTermTaxFree.proceeds);
      costBasis = costBasis.plus(s.shortTerm.costBasis).plus(s.longTermTaxFree.costBasis);
      shortTermGain = shortTermGain.plus(s.shortTerm.gain);
      longTermGain = longTermGain.plus(s.longTermTaxFree.gain);
    }
  }
  if (summary.length === 0 || summary[0]?.jurisdiction === "uk") {
    // The UK has no holding-period split; short/long stay zero.
    proceeds = QZERO;
    costBasis = QZERO;
    for (const d of disposals) {
      proceeds = proceeds.plus(d.proceeds);
      costBasis = costBasis.plus(d.costBasis);
    }
    if (summary.length === 0) for (const e of income) incomeTotal = incomeTotal.plus(e.value);
  }
  return { proceeds, costBasis, gain: proceeds.minus(costBasis), shortTermGain, longTermGain, income: incomeTotal };
}
