import type { binance as Binance, Exchange } from "ccxt";
import { isRecord, unreadable, verdict, type PermissionAssessment, type PermissionCheck } from "./types";

export const checkedBy = "Binance permission report (GET /sapi/v1/account/apiRestrictions)";

/**
 * Every flag that grants more than reading, with the wording of Binance's
 * "Edit restrictions" page. Read-only iff `enableReading` is true and all of
 * these are false (notes, "Binance").
 */
const WRITE_FLAGS: Record<string, string> = {
  enableSpotAndMarginTrading: "Enable Spot & Margin Trading",
  enableMargin: "Enable Margin Loan, Repay & Transfer",
  enableFutures: "Enable Futures",
  enableVanillaOptions: "Enable European Options",
  enablePortfolioMarginTrading: "Enable Portfolio Margin Trading",
  enableFixApiTrade: "FIX API trading",
  enableWithdrawals: "Enable Withdrawals",
  enableInternalTransfer: "Enable Internal Transfer",
  permitsUniversalTransfer: "Permits Universal Transfer",
};

/** Flags that only read. Any other `enable*`/`permits*` flag that is not false is refused. */
const READ_FLAGS = new Set(["enableReading", "enableFixReadOnly"]);

const FIX =
  "On Binance open Account → API Management, click “Edit restrictions” on this key, leave only “Enable Reading” ticked and save. Or delete the key and create a new one with only “Enable Reading”.";

export function assessPermissions(report: unknown): PermissionAssessment {
  if (!isRecord(report)) return unreadable("Binance permission report", checkedBy, FIX);
  const reasons: string[] = [];
  if (report.enableReading !== true) reasons.push("“Enable Reading” is not on, so Lotwise cannot read your history with this key.");
  for (const [flag, label] of Object.entries(WRITE_FLAGS)) {
    const v = report[flag];
    if (v === true) reasons.push(`“${label}” is on.`);
    else if (v !== false) reasons.push(`The report does not say whether “${label}” is on.`);
  }
  for (const [flag, v] of Object.entries(report)) {
    if (!/^(enable|permits)/.test(flag) || READ_FLAGS.has(flag) || flag in WRITE_FLAGS) continue;
    if (v !== false) reasons.push(`The key has a permission Lotwise does not recognise (${flag}).`);
  }
  return verdict(reasons, FIX, checkedBy);
}

export const binancePermissions: PermissionCheck = {
  checkedBy,
  fetchReport: (ex: Exchange) => (ex as Binance).sapiGetAccountApiRestrictions(),
  assessPermissions,
};
