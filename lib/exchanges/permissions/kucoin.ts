import type { Exchange, kucoin as Kucoin } from "ccxt";
import { isRecord, unreadable, verdict, type PermissionAssessment, type PermissionCheck } from "./types";

export const checkedBy = "KuCoin key information (GET /api/v1/user/api-key)";

/** KuCoin's permission names, with the wording of its API settings page (notes, "KuCoin"). */
const LABELS: Record<string, string> = {
  Spot: "Spot Trading",
  Margin: "Margin Trading",
  Futures: "Futures Trading",
  Earn: "Earn",
  InnerTransfer: "Inner transfer",
  Transfer: "Transfer (withdrawals)",
  Withdraw: "Withdrawal",
  LeadtradeFutures: "Lead trading",
};

const FIX = "On KuCoin open API Management, edit this key and leave only “General” ticked, or delete it and create a new key with only “General”.";

/** `permission` is a comma list; read-only iff it is exactly {General}. */
export function assessPermissions(report: unknown): PermissionAssessment {
  const data = isRecord(report) && report.code === "200000" && isRecord(report.data) ? report.data : undefined;
  if (!data || typeof data.permission !== "string") return unreadable("KuCoin key information", checkedBy, FIX);
  const perms = new Set(data.permission.split(",").map((p) => p.trim()).filter((p) => p !== ""));
  const reasons: string[] = [];
  if (!perms.has("General")) reasons.push("The key does not have the “General” (read) permission.");
  for (const p of perms) {
    if (p === "General") continue;
    reasons.push(p in LABELS ? `“${LABELS[p]}” is on.` : `The key has a permission Lotwise does not recognise (${p}).`);
  }
  return verdict(reasons, FIX, checkedBy);
}

export const kucoinPermissions: PermissionCheck = {
  checkedBy,
  fetchReport: (ex: Exchange) => (ex as Kucoin).privateGetUserApiKey(),
  assessPermissions,
};
