import type Decimal from "decimal.js";
import { parseDecimal } from "./amounts";
import { normalizeAsset } from "./assets";
import { parseDateTime } from "./dates";
import type { Cells } from "./header";
import type { ImportContext, Row } from "./types";
import { emitTrade } from "./trades";

export type CoinbaseKey = "id" | "time" | "type" | "asset" | "quantity" | "subtotal" | "total" | "fees" | "notes";

const INCOME: Record<string, string> = {
  "staking income": "staking",
  "inflation reward": "staking",
  "rewards income": "interest",
  interest: "interest",
  "learning reward": "income",
  "coinbase earn": "income",
  "incentives rewards payout": "income",
  airdrop: "airdrop",
};
const BUYS = new Set(["buy", "advanced trade buy", "recurring buy"]);
const SELLS = new Set(["sell", "advanced trade sell"]);
// `Pro Deposit`/`Exchange Withdrawal` etc. move coins between the Coinbase app and Coinbase
// Pro/Advanced, which export separately: kept as transfers so both sides can be matched.
const IN = new Set(["deposit", "receive", "pro withdrawal", "exchange withdrawal"]);
const OUT = new Set(["withdrawal", "send", "pro deposit", "exchange deposit"]);

/** `Converted 0.1 ETH to 240.61 USDC`: the only place a Convert row names what it received. */
const CONVERTED = /converted\s+([\d.,]+)\s+([a-z0-9.]+)\s+to\s+([\d.,]+)\s+([a-z0-9.]+)/i;

/**
 * One Coinbase app transaction-history row, any layout. Quantity is signed (outflows negative
 * since 2023), money cells carry the user's currency symbol (`$`, `-$`, `€`, `£`), `Total` is
 * `Subtotal` plus fees on buys and minus fees on sells; entries book the gross fiat side and the
 * fee on top, so balances move by exactly `Total`.
 */
export function coinbaseRow(c: Cells<CoinbaseKey>, row: Row, ctx: ImportContext, currency: string, externalId?: string): void {
  const time = c.time("time", parseCoinbaseTime);
  const type = c.required("type");
  const asset = c.asset("asset");
  const qty = c.decimal("quantity");
  const subtotal = c.optionalDecimal("subtotal");
  const total = c.optionalDecimal("total");
  const fees = c.optionalDecimal("fees");
  const notes = c.text("notes");
  if (c.failed) return;
  const t = type.toLowerCase();
  const fiat = currency && (subtotal ?? total) ? { amount: (subtotal ?? total) as Decimal, currency } : null;
  const base = { line: row.line, time, externalId, fiat, description: notes || type };
  const coin = { asset, amount: qty.abs() };

  if (BUYS.has(t) || SELLS.has(t)) {
    const gross = subtotal ?? (total && fees ? (BUYS.has(t) ? total.abs().minus(fees.abs()) : total.abs().plus(fees.abs())) : total);
    if (!gross || !currency) return c.fail(subtotal === null ? "subtotal" : null, `${type} row has no fiat amount`);
    const money = { asset: currency, amount: gross.abs() };
    const feeList = fees && !fees.isZero() ? [{ asset: currency, amount: fees.abs() }] : [];
    return emitTrade(ctx, { ...base, ...(BUYS.has(t) ? { sent: money, received: coin } : { sent: coin, received: money }), fees: feeList });
  }
  if (t === "convert") {
    const m = CONVERTED.exec(notes);
    const got = m?.[3] !== undefined ? parseDecimal(m[3]) : null;
    const gotAsset = m?.[4] !== undefined ? normalizeAsset(m[4]) : "";
    if (!m || !got || !gotAsset) return c.fail("notes", `cannot read the received side of a Convert from Notes "${notes}"`);
    // Coinbase takes the convert fee out of the spread: it is not a separate outflow.
    return emitTrade(ctx, { ...base, sent: coin, received: { asset: gotAsset, amount: got }, fees: [] });
  }
  const label = INCOME[t];
  if (label) return ctx.emit({ ...base, kind: "income", label, received: coin });
  if (IN.has(t)) return ctx.emit({ ...base, kind: "deposit", received: coin });
  if (OUT.has(t)) return ctx.emit({ ...base, kind: "withdrawal", sent: coin });
  c.fail("type", `unsupported Coinbase transaction type "${type}"`);
}

/** `2024-01-03 09:12:44 UTC` (2024 layout), `2021-01-03T09:12:44Z` (older layouts). */
export const parseCoinbaseTime = (raw: string) => parseDateTime(raw, 0);
