import type { TaxWarning, WarningCode } from "../tax/types";

/**
 * The warnings centre's model: the engine's warnings grouped by what the user can do about them,
 * each with the fix that applies. Pure: the page renders it, the tests check it.
 */

export type FixKind = "pair-transfer" | "add-acquisition" | "set-price" | "ignore-duplicate" | "review-row";

export interface WarningGroupInfo {
  code: WarningCode;
  title: string;
  why: string;
  fix: FixKind;
}

export const WARNING_GROUPS: readonly WarningGroupInfo[] = [
  { code: "unmatched-withdrawal", title: "Withdrawals with no matching deposit", why: "Coins that left an account and arrived nowhere Lotwise knows. If they went to another wallet of yours, mark the transfer so their cost basis and dates move with them.", fix: "pair-transfer" },
  { code: "unmatched-deposit", title: "Deposits with no matching withdrawal", why: "Coins that arrived from somewhere Lotwise has no history for: their cost basis counts as zero until you pair them with the withdrawal they came from or add the purchase.", fix: "pair-transfer" },
  { code: "missing-cost-basis", title: "Disposals with missing cost basis", why: "More was sold or spent than the ledger shows was acquired. The missing part counts at zero basis (the whole sale is gain) until the acquisition is in the ledger.", fix: "add-acquisition" },
  { code: "negative-balance", title: "Negative balances", why: "An account sent more of an asset than it had received. Usually a missing import, a missing deposit or a transfer recorded in only one account.", fix: "add-acquisition" },
  { code: "missing-price", title: "Missing prices", why: "No market price was found for a row that needs one; its value counts as zero. Enter the price you know, or import a price CSV.", fix: "set-price" },
  { code: "duplicate-suspect", title: "Suspected duplicates", why: "Rows that look like the same transaction imported twice (for example from an overlapping CSV and an API sync). Ignore the extra copy.", fix: "ignore-duplicate" },
  { code: "invalid-lot-pick", title: "Lot selections that could not be used", why: "A specific-identification pick named a lot that was not available; the method's default was used instead.", fix: "review-row" },
  { code: "unsupported-entry", title: "Rows that could not be used", why: "Rows the engine skipped. Open them to correct or ignore them.", fix: "review-row" },
];

export interface WarningGroup extends WarningGroupInfo {
  warnings: TaxWarning[];
}

/** Groups in the order above (most consequential first), only the codes present. */
export function groupWarnings(warnings: readonly TaxWarning[]): WarningGroup[] {
  const by = new Map<WarningCode, TaxWarning[]>();
  for (const w of warnings) {
    const list = by.get(w.code) ?? [];
    list.push(w);
    by.set(w.code, list);
  }
  return WARNING_GROUPS.filter((g) => by.has(g.code)).map((g) => ({ ...g, warnings: by.get(g.code) ?? [] }));
}

/** How far after a withdrawal its deposit may arrive and still be offered as its other half. */
export const PAIR_WINDOW_MS = 30 * 86_400_000;

/**
 * For an unmatched withdrawal, the unmatched deposits that could be its other half: same asset,
 * another account, arriving from a day before to 30 days after. Closest in time first.
 */
export function pairCandidates(withdrawal: TaxWarning, all: readonly TaxWarning[]): TaxWarning[] {
  const wAt = withdrawal.at?.getTime();
  if (wAt === undefined || withdrawal.asset === null) return [];
  const opposite: WarningCode = withdrawal.code === "unmatched-withdrawal" ? "unmatched-deposit" : "unmatched-withdrawal";
  return all
    .filter((d) => {
      if (d.code !== opposite || d.asset !== withdrawal.asset || d.account === withdrawal.account || !d.at) return false;
      // Only a deposit's own "no matching withdrawal" warning names one row; a surplus warning names two.
      if (d.entries.length !== 1) return false;
      const gap = opposite === "unmatched-deposit" ? d.at.getTime() - wAt : wAt - d.at.getTime();
      return gap >= -86_400_000 && gap <= PAIR_WINDOW_MS;
    })
    .sort((a, b) => Math.abs((a.at as Date).getTime() - wAt) - Math.abs((b.at as Date).getTime() - wAt));
}
