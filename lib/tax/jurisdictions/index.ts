import type { DisposalLine, IncomeEvent, JurisdictionId, MethodId, YearSummary } from "../types";
import type { TermBuckets } from "./buckets";
import { de } from "./de";
import { uk } from "./uk";
import { us } from "./us";

/**
 * A country as a plug-in (RP2's abstract_country): its calendar, holding-period rule, allowed
 * methods, how gifts are treated and the yearly summary its return needs. UK matching itself lives
 * in ./uk-matching.ts because it replaces lot selection altogether.
 */
export interface Jurisdiction {
  readonly id: JurisdictionId;
  readonly name: string;
  readonly currency: string;
  readonly timeZone: string;
  /** Null for the UK: matching rules, not a method. */
  readonly defaultMethod: MethodId | null;
  readonly allowedMethods: readonly MethodId[];
  /** The tax year (by its starting calendar year) a local day belongs to. */
  taxYearOf(day: number): number;
  taxYearLabel(year: number): string;
  /** Last local day on which a disposal of a lot acquired on `acquiredDay` is still short-term; null: no terms (UK). */
  shortTermUntil(acquiredDay: number): number | null;
  /** Local day from which lots are tracked per account when the scope is "auto"; null: never. */
  readonly perAccountFromDay: number | null;
  /** Whether giving crypto away is a disposal at market value. */
  readonly giftIsDisposal: boolean;
  /** Whether a gift received keeps the donor's basis and date (unknown to the ledger) or costs its market value. */
  readonly giftReceivedBasis: "carryover" | "market-value";
  /** `precomputed`: short/long totals per year the lot engine added up while making the lines. */
  summarize(disposals: readonly DisposalLine[], income: readonly IncomeEvent[], precomputed?: TermBuckets): YearSummary[];
}

export const JURISDICTIONS: Readonly<Record<JurisdictionId, Jurisdiction>> = { us, uk, de };

export function jurisdictionById(id: JurisdictionId): Jurisdiction {
  return JURISDICTIONS[id];
}
