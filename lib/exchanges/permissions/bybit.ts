import type { bybit as Bybit, Exchange } from "ccxt";
import { isRecord, unreadable, verdict, type PermissionAssessment, type PermissionCheck } from "./types";

export const checkedBy = "Bybit key information (GET /v5/user/query-api)";

/**
 * Scopes tolerated on a key whose readOnly is 1: Bybit's own read-only key
 * example carries Wallet:AccountTransfer and Exchange:ExchangeHistory, which a
 * read-only key cannot exercise. Everything else, notably Withdraw and the
 * trading scopes (SpotTrade, Order, Position, OptionsTrade, DerivativesTrade),
 * is refused (notes, "Bybit").
 */
const TOLERATED = new Set(["AccountTransfer", "SubMemberTransfer", "SubMemberTransferList", "ExchangeHistory"]);

const LABELS: Record<string, string> = {
  Withdraw: "Wallet: Withdrawal",
  SpotTrade: "SPOT: Trade",
  Order: "Contract: Orders",
  Position: "Contract: Positions",
  OptionsTrade: "Options: Trade",
  DerivativesTrade: "Derivatives: Trade",
  UnifiedTrade: "Unified Trading: Trade",
};

const FIX = "On Bybit open Account → API, edit this key, choose “Read-Only” and untick every trading and withdrawal box, or create a new “Read-Only” key.";

export function assessPermissions(report: unknown): PermissionAssessment {
  const result = isRecord(report) && report.retCode === 0 && isRecord(report.result) ? report.result : undefined;
  if (!result || !("readOnly" in result) || !isRecord(result.permissions)) return unreadable("Bybit key information", checkedBy, FIX);
  const reasons: string[] = [];
  if (result.readOnly === 0) reasons.push("The key is “Read-Write”.");
  else if (result.readOnly !== 1) reasons.push("The report does not say whether the key is read-only.");
  for (const [group, scopes] of Object.entries(result.permissions)) {
    if (!Array.isArray(scopes) || !scopes.every((s): s is string => typeof s === "string")) {
      reasons.push(`The report's “${group}” permissions could not be read.`);
      continue;
    }
    for (const scope of scopes) {
      if (TOLERATED.has(scope)) continue;
      reasons.push(scope in LABELS ? `“${LABELS[scope]}” is on.` : `The key has a permission Lotwise does not accept (${group}: ${scope}).`);
    }
  }
  return verdict(reasons, FIX, checkedBy);
}

export const bybitPermissions: PermissionCheck = {
  checkedBy,
  fetchReport: (ex: Exchange) => (ex as Bybit).privateGetV5UserQueryApi(),
  assessPermissions,
};
