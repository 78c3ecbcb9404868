import type { Exchange, okx as Okx } from "ccxt";
import { isRecord, unreadable, verdict, type PermissionAssessment, type PermissionCheck } from "./types";

export const checkedBy = "OKX account configuration (GET /api/v5/account/config, field “perm”)";

const LABELS: Record<string, string> = { trade: "Trade", withdraw: "Withdraw" };

const FIX = "On OKX open Profile → API, edit this key and leave only “Read” ticked (untick “Trade” and “Withdraw”), or delete it and create a read-only key.";

/** `perm` is a comma list of read_only / trade / withdraw; read-only iff it is exactly {read_only} (notes, "OKX"). */
export function assessPermissions(report: unknown): PermissionAssessment {
  const data = isRecord(report) && report.code === "0" && Array.isArray(report.data) ? report.data : undefined;
  const config: unknown = data?.[0];
  if (!isRecord(config) || typeof config.perm !== "string") return unreadable("OKX key configuration", checkedBy, FIX);
  const perms = new Set(config.perm.split(",").map((p) => p.trim()).filter((p) => p !== ""));
  const reasons: string[] = [];
  if (!perms.has("read_only")) reasons.push("The key does not have the “Read” permission.");
  for (const p of perms) {
    if (p === "read_only") continue;
    reasons.push(p in LABELS ? `“${LABELS[p]}” is on.` : `The key has a permission Lotwise does not recognise (${p}).`);
  }
  return verdict(reasons, FIX, checkedBy);
}

export const okxPermissions: PermissionCheck = {
  checkedBy,
  fetchReport: (ex: Exchange) => (ex as Okx).privateGetAccountConfig(),
  assessPermissions,
};
