import type { LedgerEntry } from "../../ledger/types";
import { combineLegs, type MapContext } from "./map-ccxt";
import type { Leg } from "./types";

/**
 * Pairing of two-leg conversions (see `Leg` in types.ts). The driver keeps
 * the legs still waiting for their other side in the stream's cursor, so a
 * pair split across pages, wallets or syncs is still stored once, as one
 * row, with the page that completes it. A leg seen again (an overlap
 * re-read) is held once; a pair stored twice is absorbed by the external id.
 *
 * A group is complete when it has a leg out (negative) and a leg in
 * (positive). A group that then does not make a two-asset exchange is
 * dropped and counted as skipped.
 */

export function isLeg(x: unknown): x is Leg {
  if (typeof x !== "object" || x === null) return false;
  const l = x as Leg;
  const feeOk = l.fee === undefined || (typeof l.fee === "object" && l.fee !== null && typeof l.fee.asset === "string" && typeof l.fee.amount === "string");
  return (
    typeof l.id === "string" &&
    typeof l.key === "string" &&
    typeof l.time === "number" &&
    typeof l.asset === "string" &&
    typeof l.amount === "string" &&
    (l.label === undefined || typeof l.label === "string") &&
    feeOk
  );
}

export interface Paired {
  entries: LedgerEntry[];
  /** Legs still waiting for their other side, oldest first. */
  held: Leg[];
  /** Legs of complete groups that did not make a conversion. */
  dropped: number;
}

const sign = (amount: string) => (amount.trim().startsWith("-") ? -1 : /[1-9]/.test(amount) ? 1 : 0);

export function pairLegs(held: readonly Leg[], incoming: readonly Leg[], ctx: MapContext): Paired {
  const byId = new Map<string, Leg>();
  for (const l of [...held, ...incoming]) if (!byId.has(l.id)) byId.set(l.id, l);
  const groups = new Map<string, Leg[]>();
  for (const l of byId.values()) groups.set(l.key, [...(groups.get(l.key) ?? []), l]);
  const out: Paired = { entries: [], held: [], dropped: 0 };
  for (const [key, legs] of groups) {
    const complete = legs.some((l) => sign(l.amount) < 0) && legs.some((l) => sign(l.amount) > 0);
    if (!complete) {
      out.held.push(...legs);
      continue;
    }
    const e = combineLegs(key, legs, ctx);
    if (e) out.entries.push(e);
    else out.dropped += legs.length;
  }
  out.held.sort((a, b) => a.time - b.time || a.id.localeCompare(b.id));
  out.entries.sort((a, b) => a.time.getTime() - b.time.getTime() || a.externalId.localeCompare(b.externalId));
  return out;
}
