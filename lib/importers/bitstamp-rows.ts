import type { AssetAmount, ImportContext } from "./types";
import { emitSideTrade, tradeSide } from "./trades";

export interface BitstampRow {
  line: number;
  time: Date;
  type: string;
  subtype: string;
  amount: AssetAmount;
  value: AssetAmount | null;
  fee: AssetAmount | null;
  externalId?: string;
}

/**
 * One Bitstamp transaction, either layout. `Market` rows are trades: `Amount` in the coin,
 * `Value` in the counter currency before `Fee`; `Sub Type` says Buy or Sell. Moves between
 * Bitstamp sub-accounts and into/out of staking are internal.
 */
export function bitstampRow(ctx: ImportContext, r: BitstampRow, fail: (column: "type" | "subtype" | "value", reason: string) => void): void {
  const t = r.type.toLowerCase();
  const base = { line: r.line, time: r.time, externalId: r.externalId, description: [r.type, r.subtype].filter(Boolean).join(" ") };
  if (t === "market" || t === "limit" || t === "instant") {
    const side = tradeSide(r.subtype);
    if (!side) return fail("subtype", `unknown trade side "${r.subtype}" (expected Buy or Sell)`);
    if (!r.value) return fail("value", "trade without a value");
    return emitSideTrade(ctx, { ...base, side, base: r.amount, quote: r.value, fees: r.fee ? [r.fee] : [] });
  }
  if (t === "deposit") return ctx.emit({ ...base, kind: "deposit", received: r.amount, fee: r.fee });
  if (t === "withdrawal") return ctx.emit({ ...base, kind: "withdrawal", sent: r.amount, fee: r.fee });
  if (t === "staking reward" || t === "staking rewards") return ctx.emit({ ...base, kind: "income", label: "staking", received: r.amount, fee: r.fee });
  if (/sub account transfer|staked assets|unstaked assets|^(staking|unstaking)$/.test(t)) return ctx.skip(r.line, `${r.type}: internal move between the user's Bitstamp balances`);
  fail("type", `unsupported Bitstamp transaction type "${r.type}"`);
}
