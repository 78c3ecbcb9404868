import type { Exchange, gemini } from "ccxt";
import Decimal from "decimal.js";
import type { Logger } from "pino";
import { log } from "../../log";
import { isExchangeId } from "../catalog";
import { withRetry } from "./faults";
import type { BackoffOptions } from "./types";
import type { LedgerEntry } from "../../ledger/types";
import { Dec, dec, enablePreciseNumbers } from "./precise";

/**
 * Balance proof: after a sync, what the exchange reports (through the same
 * read-only key) against what the stored ledger implies. Any difference is a
 * warning with its size: a missing CSV import (Binance Convert, Coinbase app
 * buys), an income type the API does not expose, or a market discovery miss.
 */

export interface BalanceDifference {
  asset: string;
  reported: Decimal;
  implied: Decimal;
  /** reported − implied. */
  difference: Decimal;
}

/**
 * Per-asset totals (free + used) as the exchange reports them, with ccxt in
 * precise mode so the exchange's digits reach Decimal untouched. OKX keeps
 * deposits and earn payouts in a separate funding account, Gemini staked
 * coins and staking interest in a staking balance: both are added. Calls
 * are retried like the sync's (faults.ts): 429/503 wait, a refused key stops
 * with a SyncError.
 */
export async function fetchReportedBalances(client: Exchange, opts: { backoff?: BackoffOptions; logger?: Logger } = {}): Promise<Map<string, Decimal>> {
  enablePreciseNumbers(client);
  // The same retry policy as the sync's calls: one 429 after a long sync must not fail the run.
  const id = client.id;
  const call = <T>(fn: () => Promise<T>): Promise<T> => (isExchangeId(id) ? withRetry({ exchangeId: id, client, backoff: opts.backoff, logger: opts.logger ?? log }, fn) : fn());
  const out = new Map<string, Decimal>();
  const add = (totals: unknown) => {
    for (const [asset, v] of Object.entries((totals ?? {}) as Record<string, unknown>)) {
      const d = dec(v);
      if (d && !d.isZero()) out.set(asset, (out.get(asset) ?? new Dec(0)).plus(d));
    }
  };
  add((await call(() => client.fetchBalance())).total);
  if (client.id === "okx") add((await call(() => client.fetchBalance({ type: "funding" }))).total);
  if (client.id === "gemini") {
    // Staked coins and their interest sit in the staking balance (Gemini "List Staking Balances"; numbers, read by `dec`).
    const staking = (await call(() => (client as gemini).privatePostV1BalancesStaking())) as { currency?: string; balance?: unknown }[];
    add(Object.fromEntries(staking.filter((b) => typeof b.currency === "string").map((b) => [client.safeCurrencyCode(b.currency as string) ?? b.currency, b.balance])));
  }
  return out;
}

/** received − sent − fee, per asset. */
export function impliedBalances(entries: Iterable<LedgerEntry>): Map<string, Decimal> {
  const out = new Map<string, Decimal>();
  const add = (asset: string | null, amount: Decimal | null, sign: 1 | -1) => {
    if (!asset || !amount) return;
    const prev = out.get(asset) ?? new Dec(0);
    out.set(asset, sign === 1 ? prev.plus(amount) : prev.minus(amount));
  };
  for (const e of entries) {
    add(e.receivedAsset, e.receivedAmount, 1);
    add(e.sentAsset, e.sentAmount, -1);
    add(e.feeAsset, e.feeAmount, -1);
  }
  return out;
}

/**
 * Assets whose reported and implied balances differ by more than
 * `tolerance` (default: any difference), sorted by asset. An asset missing
 * on one side counts as zero there.
 */
export function compareBalances(reported: ReadonlyMap<string, Decimal>, implied: ReadonlyMap<string, Decimal>, tolerance: Decimal.Value = 0): BalanceDifference[] {
  const tol = new Dec(tolerance).abs();
  const out: BalanceDifference[] = [];
  for (const asset of [...new Set([...reported.keys(), ...implied.keys()])].sort()) {
    // Re-based on the 60-digit clone: the caller's Decimals may carry decimal.js's 20-digit default.
    const r = new Dec(reported.get(asset) ?? 0);
    const i = new Dec(implied.get(asset) ?? 0);
    const difference = r.minus(i);
    if (difference.abs().gt(tol)) out.push({ asset, reported: r, implied: i, difference });
  }
  return out;
}
