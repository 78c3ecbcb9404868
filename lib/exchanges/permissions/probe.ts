import ccxt, { type Exchange } from "ccxt";
import { clearLastFailedResponse, lastFailedResponse } from "../client";

/**
 * Outcome of one side-effect-free call that a read-only key must be refused:
 * "denied" (the exchange's exact permission refusal), "allowed" (the call
 * succeeded: the key has the permission) or "unexpected" (any other answer,
 * which proves nothing).
 */
export type ProbeResult = "denied" | "allowed" | "unexpected";

/**
 * Runs `call` and reads the refusal. Only a `PermissionDenied` whose raw body
 * carries `deniedMarker` counts as "denied": Bitstamp's IP refusal is a
 * `PermissionDenied` too. Network errors and other authentication errors are
 * rethrown so the caller reports them (rate limit, outage, revoked key).
 */
export async function probe(ex: Exchange, call: () => Promise<unknown>, deniedMarker: string): Promise<ProbeResult> {
  clearLastFailedResponse(ex);
  try {
    await call();
    return "allowed";
  } catch (e) {
    if (e instanceof ccxt.PermissionDenied && (lastFailedResponse(ex)?.body ?? "").includes(deniedMarker)) return "denied";
    if (e instanceof ccxt.NetworkError || e instanceof ccxt.AuthenticationError) throw e;
    return "unexpected";
  }
}
