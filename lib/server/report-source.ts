import "server-only";
import type { TaxResult } from "@/lib/tax/types";
import { ledgerFingerprintAt } from "./ledger-fingerprint";
import type { TaxOverrides } from "./tax-context";
import { getTaxSnapshot } from "./tax-snapshot";

export class LedgerChangingError extends Error {
  constructor() {
    super("Your ledger is being updated (a sync or an import is running). Download the report again in a moment.");
  }
}

const ATTEMPTS = 3;

/**
 * What a report is built from: the user's result under the asked method and jurisdiction, and the
 * fingerprint of the ledger it was computed from. The result covers every year (the report
 * builders take the tax year's lines, income and summary from it), so a current cached result is
 * used as it is: each download ran the engine before, ~10 s at 100,000 rows. A stale or missing
 * result is computed first (`mode: "fresh"`). A write landing between the result and the
 * fingerprint moves the ledger version; then both are taken again.
 */
export async function reportSource(userId: string, overrides: Pick<TaxOverrides, "method" | "jurisdiction">): Promise<{ result: TaxResult; ledgerFingerprint: string }> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const state = await getTaxSnapshot(userId, overrides, { mode: "fresh" });
    if (state.status === "computing") continue;
    const fingerprint = await ledgerFingerprintAt(userId, state.snapshot.ledgerVersion);
    if (fingerprint !== null) return { result: state.snapshot.result, ledgerFingerprint: fingerprint };
  }
  throw new LedgerChangingError();
}
