import { addYears, civilFromDays } from "../calendar";
import { dec, QZERO, ZERO } from "../decimal";
import type { DeYearSummary, DisposalLine, IncomeEvent } from "../types";
import { closeBucket, incomeByYear, termBuckets, type TermBuckets } from "./buckets";
import type { Jurisdiction } from "./index";

/**
 * The s.23 EStG Freigrenze (not an allowance): a year's net private-disposal gain is tax-free if
 * below it, otherwise taxable in full. 600 EUR up to 2023, 1,000 EUR from 2024
 * (s.23 Abs.3 S.5 EStG as amended by the Wachstumschancengesetz; tax-rules notes 3).
 */
export function freigrenzeFor(year: number) {
  return dec(year >= 2024 ? 1000 : 600);
}

/** s.22 Nr.3 EStG: other income (staking, lending) below 256 EUR a year is tax-free (notes 3). */
export const INCOME_FREIGRENZE = dec(256);

/**
 * Germany, private holdings (tax-rules notes 3).
 * - Calendar year. Period starts the day after acquisition and ends at the end of the same date
 *   a year later (s.108 AO with ss.187(1), 188(2) BGB): a sale on the anniversary is still within
 *   the year (taxable, "short"); later is tax-free ("long").
 * - FIFO (s.23 Abs.1 S.1 Nr.2 S.3 EStG; BMF 6 March 2025), one pool over all wallets by default.
 * - Giving away is not a Veraeusserung; the donee steps into the donor's acquisition
 *   (s.23 Abs.1 S.3 EStG): carryover, flagged as missing basis.
 * - A network fee paid in coins for a transfer between own wallets is booked like the US default
 *   (`transferFee: "dispose"`: the fee coins are disposed of at market value); whether the BMF
 *   treats it as a Veraeusserung is not settled (verify BMF 2025 Rz.); "non-taxable" is the
 *   alternative setting.
 */
export const de: Jurisdiction = {
  id: "de",
  name: "Germany (BMF)",
  currency: "EUR",
  timeZone: "Europe/Berlin",
  defaultMethod: "fifo",
  allowedMethods: ["fifo", "lifo"],
  taxYearOf: (day) => civilFromDays(day).year,
  taxYearLabel: (year) => String(year),
  shortTermUntil: (acquiredDay) => addYears(acquiredDay, 1),
  perAccountFromDay: null,
  giftIsDisposal: false,
  giftReceivedBasis: "carryover",
  summarize(disposals: readonly DisposalLine[], income: readonly IncomeEvent[], precomputed?: TermBuckets): DeYearSummary[] {
    const incomes = incomeByYear(income);
    return [...termBuckets(disposals, income, precomputed).entries()].map(([taxYear, y]) => {
      const freigrenze = freigrenzeFor(taxYear);
      const shortTerm = closeBucket(y.shortTerm);
      const net = shortTerm.gain;
      const inc = incomes.get(taxYear) ?? QZERO;
      return {
        jurisdiction: "de" as const,
        taxYear,
        label: String(taxYear),
        shortTerm,
        longTermTaxFree: closeBucket(y.longTerm),
        freigrenze,
        // Tax-free below the Freigrenze; at or above it the whole net gain is taxable. A net loss
        // is not taxable (it may only offset s.23 gains, s.23 Abs.3 S.7-8).
        taxableGain: net.gte(freigrenze) ? net : ZERO,
        income: inc,
        incomeFreigrenze: INCOME_FREIGRENZE,
        taxableIncome: inc.gte(INCOME_FREIGRENZE) ? inc : ZERO,
      };
    });
  },
};
