import "server-only";
import { computeTax } from "@/lib/tax/engine";
import type { MethodId, TaxResult, TaxSettings } from "@/lib/tax/types";
import type { LedgerEntry } from "@/lib/ledger/types";
import { loadLedgerEntries } from "@/lib/db/ledger";
import { getUserSettings } from "@/lib/db/users";

export interface UserTaxContext {
  entries: LedgerEntry[];
  settings: TaxSettings;
  result: TaxResult;
}

/** The user's saved settings in the engine's terms; `method` and `year` may be overridden per request. */
export async function taxSettingsFor(userId: string, overrides: { method?: MethodId; year?: number } = {}): Promise<TaxSettings> {
  const s = await getUserSettings(userId);
  if (!s) throw new Error("user not found");
  const jurisdiction = s.jurisdiction.toLowerCase() as TaxSettings["jurisdiction"];
  return {
    jurisdiction,
    method: jurisdiction === "uk" ? undefined : (overrides.method ?? (s.costBasisMethod.toLowerCase() as MethodId)),
    currency: s.baseCurrency,
    // UK and DE date rules follow their own calendars unless the user picked another zone on purpose.
    timeZone: s.timeZone === "UTC" && jurisdiction !== "us" ? undefined : s.timeZone,
    year: overrides.year,
  };
}

/** One engine run over the user's whole ledger: the only way dashboards, reports and downloads get numbers. */
export async function computeForUser(userId: string, overrides: { method?: MethodId; year?: number } = {}): Promise<UserTaxContext> {
  const [entries, settings] = await Promise.all([loadLedgerEntries(userId), taxSettingsFor(userId, overrides)]);
  return { entries, settings, result: computeTax(entries, settings) };
}
