import type { coinbase as Coinbase, Exchange } from "ccxt";
import { isRecord, unreadable, verdict, type PermissionAssessment, type PermissionCheck } from "./types";

export const checkedBy = "Coinbase permission report (GET /api/v3/brokerage/key_permissions)";

const FIX =
  "Coinbase key permissions cannot be edited after creation: in the Coinbase Developer Platform delete this key and create a new one with only “View” ticked (leave “Trade” and “Transfer” off).";

/** Schema GetApiKeyPermissionsResponse (notes, "Coinbase"): read-only iff can_view && !can_trade && !can_transfer. */
export function assessPermissions(report: unknown): PermissionAssessment {
  if (!isRecord(report)) return unreadable("Coinbase permission report", checkedBy, FIX);
  const reasons: string[] = [];
  const flag = (name: string, label: string, mustBe: boolean, onWrong: string) => {
    const v = report[name];
    if (typeof v !== "boolean") reasons.push(`The report does not say whether the key has “${label}”.`);
    else if (v !== mustBe) reasons.push(onWrong);
  };
  flag("can_view", "View", true, "“View” is off, so Lotwise cannot read your history with this key.");
  flag("can_trade", "Trade", false, "“Trade” is on: the key can place orders.");
  flag("can_transfer", "Transfer", false, "“Transfer” is on: the key can send funds out.");
  return verdict(reasons, FIX, checkedBy);
}

export const coinbasePermissions: PermissionCheck = {
  checkedBy,
  fetchReport: (ex: Exchange) => (ex as Coinbase).v3PrivateGetBrokerageKeyPermissions(),
  assessPermissions,
};
