import { addYears, civilFromDays, daysFromCivil } from "../calendar";
import { QZERO } from "../decimal";
import type { DisposalLine, IncomeEvent, UsYearSummary } from "../types";
import { closeBucket, incomeByYear, termBuckets, type TermBuckets } from "./buckets";
import type { Jurisdiction } from "./index";

/**
 * United States (tax-rules notes 1).
 * - Calendar tax year by the taxpayer's local date.
 * - Long-term iff sold on a local date after the first anniversary of acquisition: the holding
 *   period starts the day after acquisition and includes the sale day (IRC 1222; IRS Pub. 544
 *   ch. 4: bought 19 June, sold 19 June next year = not more than one year, 20 June = more).
 * - From 1 Jan 2025 identification is per wallet/account (Treas. Reg. 1.1012-1(j), T.D. 10000);
 *   before, one universal pool. Rev. Proc. 2024-28 lets unused basis be allocated to the wallets
 *   holding the units on 1 Jan 2025 (done by lot-engine's safe-harbor allocation).
 * - A gift is not a disposal for the donor; the donee keeps the donor's basis and holding period
 *   (IRC 1015, 1223(2)) which a ledger does not carry: flagged as missing basis.
 */
export const us: Jurisdiction = {
  id: "us",
  name: "United States (IRS)",
  currency: "USD",
  timeZone: "UTC",
  defaultMethod: "fifo",
  allowedMethods: ["fifo", "lifo", "hifo", "specific"],
  taxYearOf: (day) => civilFromDays(day).year,
  taxYearLabel: (year) => String(year),
  shortTermUntil: (acquiredDay) => addYears(acquiredDay, 1),
  perAccountFromDay: daysFromCivil(2025, 1, 1),
  giftIsDisposal: false,
  giftReceivedBasis: "carryover",
  summarize(disposals: readonly DisposalLine[], income: readonly IncomeEvent[], precomputed?: TermBuckets): UsYearSummary[] {
    const incomes = incomeByYear(income);
    return [...termBuckets(disposals, income, precomputed).entries()].map(([taxYear, y]) => ({
      jurisdiction: "us" as const,
      taxYear,
      label: String(taxYear),
      shortTerm: closeBucket(y.shortTerm),
      longTerm: closeBucket(y.longTerm),
      income: incomes.get(taxYear) ?? QZERO,
    }));
  },
};
