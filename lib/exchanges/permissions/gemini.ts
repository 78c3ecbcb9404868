import type { Exchange, gemini as Gemini } from "ccxt";
import { isRecord, unreadable, verdict, type PermissionAssessment, type PermissionCheck } from "./types";

export const checkedBy = "Gemini role report (POST /v1/roles)";

const FIX =
  "Gemini roles cannot be changed on an existing key: in Settings → API create a new account-scoped key with only the “Auditor” role (untick “Trading”, which Gemini ticks by default, and “Fund Management”) and remove this one.";

/**
 * Read-only iff isAuditor && !isTrader && !isFundManager (notes, "Gemini");
 * the three must all be booleans. Master keys report extra roles
 * (e.g. administrator): any other `is*` flag that is true is refused.
 */
export function assessPermissions(report: unknown): PermissionAssessment {
  if (!isRecord(report)) return unreadable("Gemini role report", checkedBy, FIX);
  const reasons: string[] = [];
  const role = (name: string, label: string, mustBe: boolean, onWrong: string) => {
    const v = report[name];
    if (typeof v !== "boolean") reasons.push(`The report does not say whether the key has the “${label}” role.`);
    else if (v !== mustBe) reasons.push(onWrong);
  };
  role("isAuditor", "Auditor", true, "The key does not have the “Auditor” role.");
  role("isTrader", "Trading", false, "The “Trading” role is on: the key can place orders.");
  role("isFundManager", "Fund Management", false, "The “Fund Management” role is on: the key can withdraw.");
  for (const [name, v] of Object.entries(report)) {
    if (/^is[A-Z]/.test(name) && !["isAuditor", "isTrader", "isFundManager"].includes(name) && v !== false) {
      reasons.push(`The key has a role Lotwise does not accept (${name}).`);
    }
  }
  return verdict(reasons, FIX, checkedBy);
}

export const geminiPermissions: PermissionCheck = {
  checkedBy,
  fetchReport: (ex: Exchange) => (ex as Gemini).privatePostV1Roles(),
  assessPermissions,
};
