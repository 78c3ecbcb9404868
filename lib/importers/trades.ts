import type Decimal from "decimal.js";
import { ZERO } from "./amounts";
import { tradeKind } from "./assets";
import type { AssetAmount, EntryDraft, ImportContext } from "./types";

/** One signed balance change of a multi-row trade (Kraken ledger, OKX bill, Binance statement). */
export interface Leg {
  asset: string;
  amount: Decimal;
}

function totals(legs: readonly Leg[]): Map<string, Decimal> {
  const byAsset = new Map<string, Decimal>();
  for (const leg of legs) byAsset.set(leg.asset, (byAsset.get(leg.asset) ?? ZERO).plus(leg.amount));
  return byAsset;
}

/** Nets legs per asset (first-seen order): what left the account and what arrived. */
export function netLegs(legs: readonly Leg[]): { sent: AssetAmount[]; received: AssetAmount[] } {
  const sent: AssetAmount[] = [];
  const received: AssetAmount[] = [];
  for (const [asset, amount] of totals(legs)) {
    if (amount.lt(0)) sent.push({ asset, amount: amount.abs() });
    else if (!amount.isZero()) received.push({ asset, amount });
  }
  return { sent, received };
}

/** Fee legs summed per asset as magnitudes; zero fees dropped. */
export function sumFees(fees: readonly Leg[]): AssetAmount[] {
  return [...totals(fees.map((f) => ({ asset: f.asset, amount: f.amount.abs() })))]
    .filter(([, amount]) => !amount.isZero())
    .map(([asset, amount]) => ({ asset, amount }));
}

export interface TradeDraft extends Omit<EntryDraft, "kind" | "sent" | "received" | "fee"> {
  sent: AssetAmount;
  received: AssetAmount;
  fees: readonly AssetAmount[];
}

/**
 * Emits one trade row. A LedgerEntry carries one fee, so the fee in one of the traded assets is
 * attached and any fee in a third asset (Binance pays some legs in BNB and others in the bought
 * coin) becomes its own `fee` row: per-asset totals stay exact.
 */
export function emitTrade(ctx: ImportContext, trade: TradeDraft): void {
  const { sent, received, fees, line, time, externalId, description } = trade;
  const attached = fees.find((f) => f.asset === received.asset || f.asset === sent.asset) ?? fees[0] ?? null;
  // Spelled out rather than spread: this runs once per row of a 100,000-row file.
  ctx.emit({
    line,
    time,
    kind: tradeKind(sent.asset, received.asset),
    sent,
    received,
    fee: attached,
    fiat: trade.fiat,
    label: trade.label,
    description,
    txHash: trade.txHash,
    externalId,
    account: trade.account,
  });
  for (const fee of fees) {
    if (fee === attached) continue;
    ctx.emit({
      line,
      time,
      kind: "fee",
      fee,
      description: `trade fee in ${fee.asset}${description ? ` (${description})` : ""}`,
      externalId: externalId ? `${externalId}:fee:${fee.asset}` : undefined,
    });
  }
}

interface Group {
  line: number;
  time: Date;
  legs: Leg[];
  fees: Leg[];
  lines: number[];
}

/**
 * Rows of one trade spread over several lines (Kraken ledger rows sharing `refid`, Coinbase Pro
 * rows sharing `trade id`, OKX bills sharing `Order id`), collected in file order and netted at
 * the end into one trade with its fee. The first row gives the line and time.
 */
export class TradeGroups {
  private readonly groups = new Map<string, Group>();
  private readonly broken = new Set<string>();

  /** A row of this trade was bad (and reported): drop the trade rather than report its other legs too. */
  poison(key: string): void {
    this.broken.add(key);
  }

  add(key: string, line: number, time: Date, part: { leg?: Leg; fee?: Leg }): void {
    const g = this.groups.get(key) ?? { line, time, legs: [], fees: [], lines: [] };
    if (part.leg) g.legs.push(part.leg);
    if (part.fee) g.fees.push(part.fee);
    g.lines.push(line);
    this.groups.set(key, g);
  }

  /** Emits one trade per group; a group that is not one asset out and one in is an error on each of its lines. */
  flush(ctx: ImportContext, column: string, externalId: (key: string) => string | undefined): void {
    for (const [key, g] of this.groups) {
      if (this.broken.has(key)) continue;
      const { sent, received } = netLegs(g.legs);
      const [out] = sent;
      const [into] = received;
      if (sent.length !== 1 || received.length !== 1 || !out || !into) {
        const legs = `sold: ${sent.map((s) => s.asset).join("+") || "nothing"}, bought: ${received.map((r) => r.asset).join("+") || "nothing"}`;
        for (const line of g.lines) ctx.error(line, column, `trade ${key} does not net to one asset sold and one bought (${legs})`);
        continue;
      }
      emitTrade(ctx, { line: g.line, time: g.time, sent: out, received: into, fees: sumFees(g.fees), externalId: externalId(key) });
    }
    this.groups.clear();
    this.broken.clear();
  }
}

/** A one-row trade given as side + base/quote (most exchanges' trade exports). */
export function emitSideTrade(ctx: ImportContext, t: Omit<TradeDraft, "sent" | "received"> & { side: "buy" | "sell"; base: AssetAmount; quote: AssetAmount }): void {
  const { side, base, quote, ...rest } = t;
  emitTrade(ctx, { ...rest, ...(side === "buy" ? { sent: quote, received: base } : { sent: base, received: quote }) });
}

/** `BUY`/`buy`/`Buy` → "buy"; anything else → null. */
export function tradeSide(raw: string): "buy" | "sell" | null {
  const s = raw.trim().toLowerCase();
  return s === "buy" || s === "sell" ? s : null;
}
