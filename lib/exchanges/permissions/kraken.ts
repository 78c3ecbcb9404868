import type { Exchange, kraken as Kraken } from "ccxt";
import { probe, type ProbeResult } from "./probe";
import { isRecord, verdict, type PermissionAssessment, type PermissionCheck } from "./types";

/**
 * Kraken (notes, "Kraken"): GetApiKeyInfo exists but its response schema is
 * not confirmed, so it is not relied on. The evidence is two probes that
 * cannot move money and that Kraken refuses with "EGeneral:Permission denied"
 * when the permission is off:
 * - trading: AddOrder with validate=true (validated, never submitted), a
 *   dust-sized buy at a limit of 1 USD, so even a mistaken submit could not fill;
 * - withdrawal: WithdrawMethods, which needs "Withdraw Funds".
 */
export const checkedBy =
  "Kraken probes: a validate-only order (POST /0/private/AddOrder with validate=true, never submitted) and the withdrawal-method list (POST /0/private/WithdrawMethods) must both be refused with “Permission denied”";

export interface KrakenProbeReport {
  trade: ProbeResult;
  withdraw: ProbeResult;
}

const DENIED = "EGeneral:Permission denied";

const FIX =
  "On Kraken open Settings → API, edit this key and untick “Create & modify orders”, “Cancel & close orders”, “Deposit” and “Withdraw”; keep only the query permissions and “Export data”.";

export async function fetchReport(ex: Exchange): Promise<KrakenProbeReport> {
  const k = ex as Kraken;
  const trade = await probe(
    ex,
    () => k.privatePostAddOrder({ pair: "XBTUSD", type: "buy", ordertype: "limit", price: "1", volume: "0.0001", validate: true }),
    DENIED,
  );
  const withdraw = await probe(ex, () => k.privatePostWithdrawMethods({ asset: "XBT" }), DENIED);
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
  judge("trade", "The key can create orders (“Create & modify orders” is on).", "Kraken did not refuse the test order with “Permission denied”, so the key may be able to trade.");
  judge("withdraw", "The key can withdraw (“Withdraw” is on).", "Kraken did not refuse the withdrawal-method check with “Permission denied”, so the key may be able to withdraw.");
  return verdict(reasons, FIX, checkedBy);
}

export const krakenPermissions: PermissionCheck = { checkedBy, fetchReport, assessPermissions };
