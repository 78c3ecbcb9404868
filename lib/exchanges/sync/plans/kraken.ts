import type { LedgerEntry as CcxtLedgerEntry, Trade } from "ccxt";
import { mapLedgerEntry, mapTrade, type LedgerClass, type MapContext } from "../map-ccxt";
import { descendingStream, type Row } from "../pagers";
import { anyStream, type ExchangePlan } from "../plan";
import { dec, positive } from "../precise";
import type { Leg, StreamContext } from "../types";

/**
 * Kraken (notes, "Kraken" → History). Which source for what:
 * - trades: `TradesHistory` (price, pair, fee per fill).
 * - deposits / withdrawals: `Ledgers` with `type=deposit|withdrawal`. The
 *   dedicated DepositStatus / WithdrawStatus only cover about 90 days, the
 *   ledger covers the whole account (it has no blockchain tx hash).
 * - ledger: `Ledgers` (all types), keeping what no other stream covers:
 *   staking and earn rewards → income "staking"; dividends and credits →
 *   income. Skipped: trade legs (from TradesHistory), deposits and
 *   withdrawals (their own streams), transfers between spot and
 *   staking/futures wallets (internal), margin/rollover/settled (margin is
 *   out of scope), adjustments.
 *   `spend` / `receive` (Buy Crypto and instant conversions, Kraken's
 *   "Get Ledgers Info": two rows with one `refid`, the spend in the asset
 *   paid, the receive in the asset bought, each with its own `fee`) are
 *   conversion legs (as are `conversion` rows, the type's newer name): the
 *   driver joins them into one trade row `kraken:convert:<refid>` (the pair
 *   may straddle a 50-row page).
 * All three list newest first, 50 rows per request, `ofs` to page; `start`
 * (exclusive) and `end` (inclusive) are whole unix seconds, hence the 1 s
 * overlap and the second-wide bounds below.
 */

const PAGE = 50;
const OVERLAP_MS = 1_000;
/** Ledger types whose rows come in pairs with one refid (Kraken's ledger type enum; `conversion` is its newer name for the same). */
const LEG_TYPES = new Set(["spend", "receive", "conversion"]);

const mapCtx = (ctx: StreamContext): MapContext => ({ exchangeId: ctx.exchangeId, account: ctx.account });
const isOfs = (x: unknown): x is number => typeof x === "number" && Number.isInteger(x) && x >= 0;

/** Kraken times are float seconds; ccxt truncates `time × 1000`, which can land 1 ms early. Round instead. */
function krakenMs(info: unknown, fallback: number | undefined): number {
  const t = (info as { time?: unknown } | undefined)?.time;
  // A timestamp, not money: a float is what Kraken sends.
  const sec = typeof t === "number" ? t : typeof t === "string" ? Number(t) : Number.NaN;
  return Number.isFinite(sec) ? Math.round(sec * 1000) : (fallback ?? 0);
}

/** start is exclusive and whole seconds: one second below `from`; end inclusive: the second containing `to`. */
function bounds(from: number, to: number, ofs: number | null) {
  return { start: Math.floor(from / 1000) - 1, end: Math.ceil(to / 1000), ofs: ofs ?? 0 };
}

/** A spend/receive row as a conversion leg; amounts from Kraken's own signed strings. */
function legOf(row: CcxtLedgerEntry, time: number): Leg | null {
  const info = (row.info ?? {}) as { type?: string; refid?: string; amount?: string; fee?: string };
  const amount = dec(info.amount);
  if (!row.id || !info.refid || !row.currency || !amount || amount.isZero()) return null;
  const fee = positive(info.fee);
  return {
    id: row.id,
    key: info.refid,
    time,
    asset: row.currency,
    amount: amount.toFixed(),
    ...(fee ? { fee: { asset: row.currency, amount: fee.toFixed() } } : {}),
    label: `Kraken ${info.type === "conversion" ? "conversion" : "spend/receive"}`,
  };
}

function classify(row: CcxtLedgerEntry): LedgerClass {
  const info = (row.info ?? {}) as { type?: string; subtype?: string };
  const type = info.type ?? "";
  const subtype = info.subtype ?? "";
  const incoming = row.direction === "in";
  switch (type) {
    case "deposit":
      return { kind: "deposit" };
    case "withdrawal":
      return { kind: "withdrawal" };
    case "staking":
      return incoming ? { kind: "income", label: "staking" } : { kind: "skip", reason: "staking outflow" };
    case "earn":
      return subtype === "reward" || subtype === "" ? (incoming ? { kind: "income", label: "staking" } : { kind: "skip", reason: "earn outflow" }) : { kind: "skip", reason: `earn ${subtype} (internal)` };
    case "dividend":
    case "credit":
      return incoming ? { kind: "income", label: "income" } : { kind: "skip", reason: type };
    default:
      return { kind: "skip", reason: type || "unknown" };
  }
}

function ledgerStream(name: "deposits" | "withdrawals" | "ledger") {
  const type = name === "deposits" ? "deposit" : name === "withdrawals" ? "withdrawal" : "all";
  return descendingStream<number>({
    stream: name,
    phase: name,
    overlapMs: OVERLAP_MS,
    isInner: isOfs,
    async fetch(from, to, ofs, ctx) {
      const rows: CcxtLedgerEntry[] = await ctx.client.fetchLedger(undefined, undefined, undefined, { type, ...bounds(from, to, ofs) });
      const mapped: Row[] = rows.map((r) => {
        const time = krakenMs(r.info, r.timestamp);
        const type = (r.info as { type?: string } | undefined)?.type;
        if (name === "ledger" && type !== undefined && LEG_TYPES.has(type)) {
          const leg = legOf(r, time);
          return leg ? { id: r.id ?? "", time, entry: null, leg } : { id: r.id ?? "", time, entry: null };
        }
        const cls = classify(r);
        // The "all" pass leaves deposits and withdrawals to their own streams.
        const own = name === "ledger" ? cls.kind !== "deposit" && cls.kind !== "withdrawal" : true;
        return { id: r.id ?? "", time, entry: own ? mapLedgerEntry(r, cls, mapCtx(ctx), time) : null };
      });
      return { rows: mapped, next: rows.length === PAGE ? (ofs ?? 0) + PAGE : null };
    },
  });
}

function tradesHistory() {
  return descendingStream<number>({
    stream: "trades",
    phase: "trades",
    overlapMs: OVERLAP_MS,
    isInner: isOfs,
    async fetch(from, to, ofs, ctx) {
      const trades: Trade[] = await ctx.client.fetchMyTrades(undefined, undefined, undefined, bounds(from, to, ofs));
      const rows: Row[] = trades.map((t) => {
        const time = krakenMs(t.info, t.timestamp);
        const marketId = (t.info as { pair?: string }).pair ?? t.symbol ?? "";
        const entry = mapTrade({ ...t, timestamp: time }, mapCtx(ctx), marketId);
        return { id: t.id ?? "", time, entry };
      });
      return { rows, next: trades.length === PAGE ? (ofs ?? 0) + PAGE : null };
    },
  });
}

export const krakenPlan: ExchangePlan = {
  historyStart: Date.UTC(2013, 8, 1),
  streams: () => [anyStream(ledgerStream("deposits")), anyStream(ledgerStream("withdrawals")), anyStream(ledgerStream("ledger"))],
  tradeStreams: () => [anyStream(tradesHistory())],
};
