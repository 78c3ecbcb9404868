import type { LedgerEntry as CcxtLedgerEntry, Trade, Transaction } from "ccxt";
import { mapLedgerEntry, mapTrade, mapTransfer, type LedgerClass, type MapContext } from "../map-ccxt";
import { windowedStream, type Row } from "../pagers";
import { anyStream, type ExchangePlan } from "../plan";
import type { StreamContext } from "../types";

/**
 * Bybit v5, unified trading account (notes, "Bybit (v5)" → History). Every
 * list is newest first with `cursor` paging inside a time window:
 * - trades: `GET /v5/execution/list?category=spot&execType=Trade`, windows of
 *   7 days, 100 per page, and only the last 2 years (older windows are not
 *   asked for). The fee currency is Bybit's own `feeCurrency`: ccxt guesses
 *   "base for a spot buy", which is wrong for fees charged in the quote.
 * - deposits / withdrawals: `/v5/asset/deposit/query-record` and
 *   `/withdraw/query-record`, windows of 30 days, 50 per page.
 * - ledger: `/v5/account/transaction-log` (UTA) with `type=BONUS`, windows
 *   of 7 days, 50 per page: bonus credits → income "airdrop". The other
 *   types are not asked for: TRADE legs (the executions have them),
 *   TRANSFER_IN/OUT (deposits and withdrawals passing through the funding
 *   account), INTEREST (borrowing interest, a margin cost, out of scope).
 *   Filtering server-side spares two log rows per fill.
 *   The amount is read from the row's `change`: ccxt parses this one with
 *   parseToNumeric, a float, even in precise mode.
 * Not available through ccxt's API here: Earn / staking yield (the Earn
 * endpoints give positions, not a dated payout history Lotwise can trust):
 * import Bybit's Earn CSV for it.
 */

const DAY = 86_400_000;
const mapCtx = (ctx: StreamContext): MapContext => ({ exchangeId: ctx.exchangeId, account: ctx.account });
const isCursor = (x: unknown): x is string => typeof x === "string" && x.length > 0;

/** ccxt moves `nextPageCursor` onto the first raw row's info. */
function cursorOf(rows: readonly { info?: unknown }[]): string | undefined {
  return rows.map((r) => (r.info as { nextPageCursor?: string } | undefined)?.nextPageCursor).find((c) => typeof c === "string" && c !== "");
}

function executions() {
  const PAGE = 100;
  return windowedStream<string>({
    stream: "trades",
    phase: "trades",
    windowMs: 7 * DAY,
    overlapMs: 0,
    isInner: isCursor,
    async fetch(from, to, cursor, ctx) {
      if (to < ctx.now - 729 * DAY) return { rows: [], next: null };
      const trades: Trade[] = await ctx.client.fetchMyTrades(undefined, from, PAGE, { until: to, category: "spot", ...(cursor ? { cursor } : {}) });
      const rows: Row[] = trades.map((t) => {
        const info = t.info as { symbol?: string; feeCurrency?: string };
        const fee = t.fee && info.feeCurrency ? { ...t.fee, currency: info.feeCurrency } : t.fee;
        return { id: t.id ?? "", time: t.timestamp ?? 0, entry: mapTrade({ ...t, fee, fees: fee ? [fee] : [] } as Trade, mapCtx(ctx), info.symbol ?? t.symbol ?? "") };
      });
      const next = cursorOf(trades);
      return { rows, next: trades.length === PAGE && next ? next : null };
    },
  });
}

function transfers(kind: "deposit" | "withdrawal") {
  const PAGE = 50;
  return windowedStream<string>({
    stream: kind === "deposit" ? "deposits" : "withdrawals",
    phase: kind === "deposit" ? "deposits" : "withdrawals",
    windowMs: 30 * DAY,
    overlapMs: DAY,
    isInner: isCursor,
    async fetch(from, to, cursor, ctx) {
      const params = { until: to, ...(cursor ? { cursor } : {}) };
      const txs: Transaction[] = kind === "deposit" ? await ctx.client.fetchDeposits(undefined, from, PAGE, params) : await ctx.client.fetchWithdrawals(undefined, from, PAGE, params);
      const rows: Row[] = txs.map((tx) => {
        const out = mapTransfer(tx, kind, mapCtx(ctx));
        return { id: tx.id ?? "", time: tx.timestamp ?? 0, entry: "entry" in out ? out.entry : null, pending: "pending" in out };
      });
      const next = cursorOf(txs);
      return { rows, next: txs.length === PAGE && next ? next : null };
    },
  });
}

function classify(type: string, change: string): LedgerClass {
  if (type === "BONUS" && !change.startsWith("-")) return { kind: "income", label: "airdrop" };
  return { kind: "skip", reason: type || "unknown" };
}

function transactionLog() {
  const PAGE = 50;
  return windowedStream<string>({
    stream: "ledger",
    phase: "ledger",
    windowMs: 7 * DAY,
    overlapMs: 0,
    isInner: isCursor,
    async fetch(from, to, cursor, ctx) {
      const items: CcxtLedgerEntry[] = await ctx.client.fetchLedger(undefined, from, PAGE, { endTime: to, type: "BONUS", ...(cursor ? { cursor } : {}) });
      const rows: Row[] = items.map((r) => {
        const info = (r.info ?? {}) as { type?: string; change?: string };
        const change = info.change ?? "";
        const precise = { ...r, amount: change.replace(/^-/, "") as unknown as number } as CcxtLedgerEntry;
        return { id: r.id ?? "", time: r.timestamp ?? 0, entry: mapLedgerEntry(precise, classify(info.type ?? "", change), mapCtx(ctx)) };
      });
      const next = cursorOf(items);
      return { rows, next: items.length === PAGE && next ? next : null };
    },
  });
}

export const bybitPlan: ExchangePlan = {
  historyStart: Date.UTC(2020, 0, 1),
  streams: () => [anyStream(transfers("deposit")), anyStream(transfers("withdrawal")), anyStream(transactionLog())],
  tradeStreams: () => [anyStream(executions())],
};
