import type { LedgerEntry as CcxtLedgerEntry, Trade } from "ccxt";
import { mapLedgerEntry, mapTrade, type LedgerClass, type MapContext } from "../map-ccxt";
import { idAscendingStream, type Row } from "../pagers";
import { anyStream, type ExchangePlan } from "../plan";
import { dec } from "../precise";
import type { StreamContext } from "../types";

/**
 * Bitstamp (notes, "Bitstamp" → History). Everything comes from one list,
 * `POST /api/v2/user_transactions/`, read oldest first with
 * `sort=asc&since_id=<last id + 1>` (1000 rows per request; ids grow with
 * time), so the watermark is the last id and nothing can be missed:
 * - type 2 (market trade) → trade, parsed by ccxt's own parseTrade (it finds
 *   the market from the "<base>_<quote>" price key);
 * - type 0 / 1 → deposit / withdrawal (no tx hash in this list; Bitstamp's
 *   `withdrawal-requests` has it, but only for 30 days at a time);
 * - type 27 (staking reward) → income "staking", 32 (referral reward) → income.
 * Skipped: 14/35 sub- and inter-account transfers, 25/26 moves to and from
 * staking (internal).
 * Deposits, withdrawals and rewards are read from the raw row, not through
 * ccxt's parseTransaction: that finds the currency with `safeInteger`, which
 * misses every amount below 1 (0.5 BTC reads as 0).
 */

const PAGE = 1000;
const mapCtx = (ctx: StreamContext): MapContext => ({ exchangeId: ctx.exchangeId, account: ctx.account });
const NOT_CURRENCY = new Set(["id", "datetime", "type", "fee", "order_id", "status", "price", "amount"]);

type RawTx = Record<string, unknown>;

/** "2024-01-02 03:04:05.678901" (UTC, microseconds) → epoch ms. */
function timeOf(raw: RawTx): number {
  const s = String(raw.datetime ?? "");
  return Date.parse(`${s.replace(" ", "T").replace(/(\.\d{3})\d*$/, "$1")}Z`);
}

/** The one currency key with a non-zero amount in a transfer row. */
function transferCurrency(raw: RawTx): { id: string; amount: string } | undefined {
  for (const [k, v] of Object.entries(raw)) {
    if (NOT_CURRENCY.has(k) || k.includes("_")) continue;
    const d = dec(v);
    if (d && !d.isZero()) return { id: k, amount: String(v) };
  }
  return undefined;
}

const CLASS: Readonly<Record<string, LedgerClass>> = {
  "0": { kind: "deposit" },
  "1": { kind: "withdrawal" },
  "27": { kind: "income", label: "staking" },
  "32": { kind: "income", label: "income" },
};

function rowOf(raw: RawTx, ctx: StreamContext): Row {
  const id = String(raw.id ?? "");
  const time = timeOf(raw);
  const type = String(raw.type ?? "");
  if (type === "2") {
    const t: Trade = ctx.client.parseTrade(raw);
    const marketId = t.symbol && ctx.client.markets?.[t.symbol] ? (ctx.client.market(t.symbol).id ?? t.symbol) : (t.symbol ?? "");
    return { id, time, entry: mapTrade({ ...t, timestamp: time }, mapCtx(ctx), marketId) };
  }
  const cls = CLASS[type];
  const cur = transferCurrency(raw);
  if (!cls || !cur) return { id, time, entry: null };
  const code = ctx.client.safeCurrencyCode(cur.id) ?? cur.id.toUpperCase();
  const asLedger = {
    info: raw,
    id,
    timestamp: time,
    currency: code === cur.id ? cur.id.toUpperCase() : code,
    amount: cur.amount,
    direction: cur.amount.startsWith("-") ? "out" : "in",
    fee: { cost: raw.fee, currency: code === cur.id ? cur.id.toUpperCase() : code },
    type,
  } as unknown as CcxtLedgerEntry;
  return { id, time, entry: mapLedgerEntry(asLedger, cls, mapCtx(ctx)) };
}

function userTransactions() {
  return idAscendingStream({
    stream: "transactions",
    phase: "ledger",
    pageSize: PAGE,
    async fetch(after, ctx) {
      const sinceId = after === null ? "0" : (BigInt(after) + 1n).toString();
      const raw = (await ctx.client.privatePostUserTransactions({ since_id: sinceId, sort: "asc", limit: PAGE })) as RawTx[];
      return raw.map((r) => rowOf(r, ctx));
    },
  });
}

export const bitstampPlan: ExchangePlan = {
  historyStart: Date.UTC(2011, 7, 1),
  streams: () => [anyStream(userTransactions())],
  tradeStreams: () => [],
};
