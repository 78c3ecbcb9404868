import type { bitstamp as Bitstamp, Exchange } from "ccxt";
import { probe, type ProbeResult } from "./probe";
import { isRecord, verdict, type PermissionAssessment, type PermissionCheck } from "./types";

/**
 * Bitstamp has no permission report (notes, "Bitstamp"). The evidence is two
 * side-effect-free listings guarded by the order and withdrawal permissions,
 * which a key without them is refused with "No permission found". Bitstamp's
 * withdrawal-request listing and its withdraw permission are separate boxes,
 * so this detects no trading or withdrawal permission rather than proving it.
 */
export const checkedBy =
  "Bitstamp probes (no permission report exists): the open-order list (POST /api/v2/open_orders/all/) and the withdrawal-request list (POST /api/v2/withdrawal-requests/) must both be refused with “No permission found”";

export interface BitstampProbeReport {
  trade: ProbeResult;
  withdraw: ProbeResult;
}

const DENIED = "No permission found";

const FIX =
  "Bitstamp key permissions cannot be edited: in Settings → API access create a new key with only “Account balance”, “User transactions” and “Crypto transactions” ticked (leave “Open orders”, every order box and every withdrawal box unticked), activate it, and delete this one.";

export async function fetchReport(ex: Exchange): Promise<BitstampProbeReport> {
  const b = ex as Bitstamp;
  const trade = await probe(ex, () => b.privatePostOpenOrdersAll(), DENIED);
  const withdraw = await probe(ex, () => b.privatePostWithdrawalRequests(), DENIED);
  return { trade, withdraw };
}

export function assessPermissions(report: unknown): PermissionAssessment {
  const r = isRecord(report) ? report : {};
  const reasons: string[] = [];
  const judge = (field: string, allowed: string, unclear: string) => {
    const v = r[field];
    if (v === "allowed") reasons.push(allowed);
    else if (v !== "denied") reasons.push(unclear); // "unexpected", or a malformed report
  };
  judge("trade", "The key can see open orders, so it was created with order permissions.", "Bitstamp did not refuse the order-list check with “No permission found”, so the key may be able to trade.");
  judge(
    "withdraw",
    "The key can list withdrawal requests, so it was created with withdrawal permissions.",
    "Bitstamp did not refuse the withdrawal-list check with “No permission found”, so the key may be able to withdraw.",
  );
  return verdict(reasons, FIX, checkedBy);
}

export const bitstampPermissions: PermissionCheck = { checkedBy, fetchReport, assessPermissions };
