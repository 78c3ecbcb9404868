/** The tax settings a user picks, and which combinations each jurisdiction allows. */
export const JURISDICTIONS = [
  { id: "US", name: "United States (IRS)", currency: "USD", timeZone: "America/New_York" },
  { id: "UK", name: "United Kingdom (HMRC)", currency: "GBP", timeZone: "Europe/London" },
  { id: "DE", name: "Germany (BMF)", currency: "EUR", timeZone: "Europe/Berlin" },
] as const;
export type JurisdictionId = (typeof JURISDICTIONS)[number]["id"];

export const BASE_CURRENCIES = ["USD", "GBP", "EUR"] as const;
export type BaseCurrency = (typeof BASE_CURRENCIES)[number];

export const COST_BASIS_METHODS = [
  { id: "FIFO", name: "FIFO: first in, first out" },
  { id: "LIFO", name: "LIFO: last in, first out" },
  { id: "HIFO", name: "HIFO: highest cost first" },
] as const;
export type CostBasisMethodId = (typeof COST_BASIS_METHODS)[number]["id"];

/**
 * US: FIFO by default, other orders only as standing specific identification (tax-rules notes 1.3).
 * UK: HMRC's same-day / 30-day / Section 104 matching replaces any method (notes 2.2).
 * DE: FIFO (s.23 EStG and BMF 6 March 2025; notes 3).
 */
export function allowedMethods(jurisdiction: JurisdictionId): readonly CostBasisMethodId[] {
  return jurisdiction === "US" ? ["FIFO", "LIFO", "HIFO"] : ["FIFO"];
}

export function methodNote(jurisdiction: JurisdictionId): string | null {
  if (jurisdiction === "UK") return "HMRC's matching rules apply: same day, then the next 30 days, then the Section 104 pool.";
  if (jurisdiction === "DE") return "German law requires FIFO for private disposals (s.23 EStG).";
  return null;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function timeZones(): string[] {
  const zones = Intl.supportedValuesOf("timeZone");
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}
