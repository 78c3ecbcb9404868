import "server-only";
import { computeTax } from "@/lib/tax/engine";
import type { MethodId, TaxResult, TaxSettings } from "@/lib/tax/types";
import type { LedgerEntry } from "@/lib/ledger/types";
import { loadLedgerEntries } from "@/lib/db/ledger";
import { getUserSettings, type UserSettings } from "@/lib/db/users";
import { prismaCandleStore } from "@/lib/db/candles";
import { manualPricesForLookup } from "@/lib/db/manual-prices";
import { preparePrices } from "@/lib/pricing/warm";
import { ohlcvSourcesFromEnv } from "@/lib/pricing/ohlcv-source";

// ccxt instances are costly to construct; pages only plan routes with them (offline), so one set per process serves every request.
let cachedSources: ReturnType<typeof ohlcvSourcesFromEnv> | undefined;
export const priceSources = () => (cachedSources ??= ohlcvSourcesFromEnv(process.env));

export interface UserTaxContext {
  entries: LedgerEntry[];
  settings: TaxSettings;
  result: TaxResult;
}

/** The user's saved settings in the engine's terms; `method` and `year` may be overridden per request. */
export interface TaxOverrides {
  method?: MethodId;
  year?: number;
  /** Compute under another jurisdiction than the saved one (the reports page's picker); its own currency then applies. */
  jurisdiction?: TaxSettings["jurisdiction"];
}

export async function taxSettingsFor(userId: string, overrides: TaxOverrides = {}): Promise<TaxSettings> {
  const s = await getUserSettings(userId);
  if (!s) throw new Error("user not found");
  return taxSettingsFromUser(s, overrides);
}

export function taxSettingsFromUser(s: Pick<UserSettings, "jurisdiction" | "baseCurrency" | "costBasisMethod" | "timeZone">, overrides: TaxOverrides = {}): TaxSettings {
  const saved = s.jurisdiction.toLowerCase() as TaxSettings["jurisdiction"];
  const jurisdiction = overrides.jurisdiction ?? saved;
  const savedMethod = jurisdiction === saved ? (s.costBasisMethod.toLowerCase() as MethodId) : undefined;
  return {
    jurisdiction,
    method: jurisdiction === "uk" ? undefined : jurisdiction === "de" ? "fifo" : (overrides.method ?? savedMethod),
    currency: jurisdiction === saved ? s.baseCurrency : undefined,
    // UK and DE date rules follow their own calendars unless the user picked another zone on purpose.
    timeZone: jurisdiction !== saved || (s.timeZone === "UTC" && jurisdiction !== "us") ? undefined : s.timeZone,
    year: overrides.year,
  };
}

/**
 * One engine run over the user's whole ledger, now: what downloads and filing use (pages read the
 * cached result, tax-snapshot.ts). Prices come from the candle cache and the user's manual prices
 * only: a request never waits on an exchange. The worker fills the cache after every import and sync
 * (lib/jobs/warm-prices.ts).
 */
export async function computeForUser(userId: string, overrides: TaxOverrides = {}): Promise<UserTaxContext> {
  const { entries, settings } = await pricedLedgerFor(userId, overrides);
  return { entries, settings, result: computeTax(entries, settings) };
}

/** The user's ledger and settings with a price lookup over the cached candles, ready for the engine (e.g. once per method). */
export async function pricedLedgerFor(userId: string, overrides: TaxOverrides = {}): Promise<Omit<UserTaxContext, "result">> {
  const [entries, settings, manual] = await Promise.all([loadLedgerEntries(userId), taxSettingsFor(userId, overrides), manualPricesForLookup(userId)]);
  // The configured sources with offline: true, so routes are planned as the worker plans them but only the cache is read.
  const { prices } = await preparePrices(entries, settings, { store: prismaCandleStore, sources: priceSources(), manual, offline: true });
  // Settings carry the lookup, so a second run over the same ledger (the method comparison) prices alike.
  return { entries, settings: { ...settings, prices } };
}
