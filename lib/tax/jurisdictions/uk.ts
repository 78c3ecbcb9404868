import { civilFromDays } from "../calendar";
import { add, dec, QZERO, sub, ZERO } from "../decimal";
import type Decimal from "decimal.js";
import type { DisposalLine, IncomeEvent, UkYearSummary } from "../types";
import { incomeByYear, yearsOf } from "./buckets";
import type { Jurisdiction } from "./index";

/**
 * Annual exempt amount for individuals by tax year (start year). gov.uk "Capital Gains Tax: what
 * you pay it on, rates and allowances"; Finance Act 2023 reductions (tax-rules notes 2.5). Years
 * before 2020/21 (verify): 2016/17 11,100; 2017/18 11,300; 2018/19 11,700; 2019/20 12,000.
 */
const AEA: Readonly<Record<number, number>> = {
  2016: 11100,
  2017: 11300,
  2018: 11700,
  2019: 12000,
  2020: 12300,
  2021: 12300,
  2022: 12300,
  2023: 6000,
  2024: 3000,
  2025: 3000,
};

export function annualExemptAmount(taxYear: number): Decimal | null {
  const v = AEA[taxYear];
  return v === undefined ? null : dec(v);
}

/**
 * Rates for "other assets" changed for disposals on or after 30 October 2024 (Autumn Budget 2024;
 * notes 2.6). London is on GMT that day (BST ended 27 Oct), so the boundary is 00:00 UTC.
 */
export const UK_RATE_CHANGE_MS = Date.UTC(2024, 9, 30);

export function ukTaxYearOfCivil(year: number, month: number, day: number): number {
  // 6 April starts the year; 5 April belongs to the year that is ending (notes 2.1).
  return month > 4 || (month === 4 && day >= 6) ? year : year - 1;
}

interface Net {
  gains: Decimal;
  losses: Decimal;
  net: Decimal;
}

function addGain(n: Net, gain: Decimal): void {
  if (gain.isNeg()) n.losses = sub(n.losses, gain);
  else n.gains = add(n.gains, gain);
  n.net = add(n.net, gain);
}

const emptyNet = (): Net => ({ gains: QZERO, losses: QZERO, net: QZERO });

/**
 * United Kingdom (HMRC Cryptoassets Manual; tax-rules notes 2). Matching (same day, 30 days,
 * s104 pool) is in ../uk-matching.ts. The summary gives what SA108 asks per tax year: number of
 * disposals, proceeds, allowable costs, gains, losses (CRYPTO22250 examples compute each
 * disposal's gain or loss after matching), plus the AEA and, for 2024/25, the rate-change split.
 * Losses brought forward are not applied. A network fee paid in tokens to move them between own
 * wallets is a disposal of those tokens at market value (the default `transferFee: "dispose"`;
 * HMRC does not allow it as a cost of the moved tokens, CRYPTO22150 (verify)).
 */
export const uk: Jurisdiction = {
  id: "uk",
  name: "United Kingdom (HMRC)",
  currency: "GBP",
  timeZone: "Europe/London",
  defaultMethod: null,
  allowedMethods: [],
  taxYearOf: (day) => {
    const c = civilFromDays(day);
    return ukTaxYearOfCivil(c.year, c.month, c.day);
  },
  taxYearLabel: (year) => `${year}/${String((year + 1) % 100).padStart(2, "0")}`,
  shortTermUntil: () => null,
  perAccountFromDay: null,
  // A gift is a disposal at market value (CRYPTO22100); the donee's cost is that value.
  giftIsDisposal: true,
  giftReceivedBasis: "market-value",
  summarize(disposals: readonly DisposalLine[], income: readonly IncomeEvent[]): UkYearSummary[] {
    const incomes = incomeByYear(income);
    // One disposal = all lines sharing a disposalId (a token's disposals on one day, CRYPTO22200).
    const groups = new Map<string, { year: number; at: number; proceeds: Decimal; cost: Decimal; gain: Decimal }>();
    for (const line of disposals) {
      const g = groups.get(line.disposalId);
      if (g) {
        g.proceeds = add(g.proceeds, line.proceeds);
        g.cost = add(g.cost, line.costBasis);
        g.gain = add(g.gain, line.gain);
      } else groups.set(line.disposalId, { year: line.taxYear, at: line.disposedAt.getTime(), proceeds: add(QZERO, line.proceeds), cost: add(QZERO, line.costBasis), gain: add(QZERO, line.gain) });
    }
    return yearsOf(disposals, income).map((taxYear) => {
      let count = 0;
      let proceeds = QZERO;
      let cost = QZERO;
      const all = emptyNet();
      const before = emptyNet();
      const after = emptyNet();
      for (const g of groups.values()) {
        if (g.year !== taxYear) continue;
        count++;
        proceeds = add(proceeds, g.proceeds);
        cost = add(cost, g.cost);
        addGain(all, g.gain);
        addGain(g.at < UK_RATE_CHANGE_MS ? before : after, g.gain);
      }
      const aea = annualExemptAmount(taxYear);
      const taxable = aea === null ? null : all.net.gt(aea) ? sub(all.net, aea) : ZERO;
      return {
        jurisdiction: "uk" as const,
        taxYear,
        label: `${taxYear}/${String((taxYear + 1) % 100).padStart(2, "0")}`,
        disposals: count,
        proceeds,
        allowableCosts: cost,
        gains: all.gains,
        losses: all.losses,
        net: all.net,
        annualExemptAmount: aea,
        taxableAfterExemption: taxable,
        rateChange: taxYear === 2024 ? { before, after } : null,
        income: incomes.get(taxYear) ?? QZERO,
      };
    });
  },
};
