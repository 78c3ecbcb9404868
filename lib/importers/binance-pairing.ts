import type Decimal from "decimal.js";
import { ZERO } from "./amounts";
import type { AssetAmount } from "./types";

export interface StatementLeg {
  asset: string;
  amount: Decimal;
  line: number;
}

export interface PairedTrade {
  sent: AssetAmount;
  received: AssetAmount;
  line: number;
}

const MAX_PERMUTED_LEGS = 7;

function* permutations(n: number): Generator<number[]> {
  const a = Array.from({ length: n }, (_, i) => i);
  yield [...a];
  // Lexicographic order, identity first: on ties the file order wins.
  for (;;) {
    let i = n - 2;
    while (i >= 0 && (a[i] ?? 0) >= (a[i + 1] ?? 0)) i--;
    if (i < 0) return;
    let j = n - 1;
    while ((a[j] ?? 0) <= (a[i] ?? 0)) j--;
    [a[i], a[j]] = [a[j] as number, a[i] as number];
    a.splice(i + 1, n - i - 1, ...a.slice(i + 1).reverse());
    yield [...a];
  }
}

/** How much the implied prices of same-pair fills disagree (0 = all equal). */
function dispersion(outs: readonly StatementLeg[], ins: readonly StatementLeg[], p: readonly number[]): Decimal {
  const byPair = new Map<string, Decimal[]>();
  outs.forEach((o, i) => {
    const r = ins[p[i] ?? 0] as StatementLeg;
    const key = `${o.asset}>${r.asset}`;
    byPair.set(key, [...(byPair.get(key) ?? []), o.amount.abs().div(r.amount)]);
  });
  let score: Decimal = ZERO;
  for (const prices of byPair.values()) {
    if (prices.length < 2) continue;
    const max = prices.reduce((a, b) => (b.gt(a) ? b : a));
    const min = prices.reduce((a, b) => (b.lt(a) ? b : a));
    score = score.plus(max.div(min).minus(1));
  }
  return score;
}

/**
 * Turns the trade legs Binance booked in one second into trades. Binance's statement has no
 * trade id: every fill of every order in that second shares `UTC_Time`.
 * - One asset out and one in (the common case, including many partial fills): one trade, summed.
 * - Several assets on a side with as many outgoing as incoming legs (dust conversion of several
 *   coins; EUR orders for ETH and BTC in the same second): each outgoing leg is paired with one
 *   incoming leg, choosing the pairing whose fills of the same pair agree best on price (rotki
 *   pairs them by fetched USD prices; an importer has none). Fills of different pairs cannot be
 *   told apart by price, and then the file order decides.
 * - Anything else cannot be split without guessing and is reported.
 */
export function pairStatementLegs(legs: readonly StatementLeg[]): { ok: true; trades: PairedTrade[] } | { ok: false; reason: string } {
  const outs = legs.filter((l) => l.amount.lt(0));
  const ins = legs.filter((l) => l.amount.gt(0));
  const outAssets = new Set(outs.map((l) => l.asset));
  const inAssets = new Set(ins.map((l) => l.asset));
  const describe = `sold ${[...outAssets].join("+") || "nothing"} in ${outs.length} rows, bought ${[...inAssets].join("+") || "nothing"} in ${ins.length} rows`;
  if (outs.length === 0 || ins.length === 0) return { ok: false, reason: `trade rows of this second do not have both sides (${describe})` };
  const [outAsset] = outAssets;
  const [inAsset] = inAssets;
  if (outAssets.size === 1 && inAssets.size === 1 && outAsset && inAsset) {
    if (outAsset === inAsset) return { ok: false, reason: `trade rows of this second buy and sell the same asset ${outAsset}` };
    const total = (ls: readonly StatementLeg[]) => ls.reduce((s, l) => s.plus(l.amount.abs()), ZERO);
    const line = Math.min(...legs.map((l) => l.line));
    return { ok: true, trades: [{ sent: { asset: outAsset, amount: total(outs) }, received: { asset: inAsset, amount: total(ins) }, line }] };
  }
  if (outs.length !== ins.length || outs.length > MAX_PERMUTED_LEGS) {
    return { ok: false, reason: `cannot tell which of the trades in this second bought what (${describe}); export Binance's Trade History for these orders or split the rows by hand` };
  }
  let best: number[] | null = null;
  let bestScore: Decimal | null = null;
  for (const p of permutations(outs.length)) {
    if (outs.some((o, i) => o.asset === ins[p[i] ?? 0]?.asset)) continue;
    const score = dispersion(outs, ins, p);
    if (bestScore === null || score.lt(bestScore)) [best, bestScore] = [p, score];
  }
  if (!best) return { ok: false, reason: `trade rows of this second cannot be paired (${describe})` };
  const pairing = best;
  const trades = outs.map((o, i) => {
    const r = ins[pairing[i] ?? 0] as StatementLeg;
    return { sent: { asset: o.asset, amount: o.amount.abs() }, received: { asset: r.asset, amount: r.amount }, line: Math.min(o.line, r.line) };
  });
  return { ok: true, trades: trades.sort((a, b) => a.line - b.line) };
}
