import type { bybit as Bybit, LedgerEntry as CcxtLedgerEntry, Trade, Transaction } from "ccxt";
import { ledgerEntry } from "../../../ledger/types";
import { SyncError } from "../faults";
import { externalId, mapLedgerEntry, mapTrade, mapTransfer, type LedgerClass, type MapContext } from "../map-ccxt";
import { positive } from "../precise";
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
 * - earn: `GET /v5/earn/yield?category=FlexibleSaving` (ccxt implicit
 *   privateGetV5EarnYield; Bybit "Get Yield History"): "You can get the past
 *   3 months data", "API key needs Earn permission", limit ≤ 100, cursor
 *   paging, startTime/endTime in ms; 7-day windows over the last 89 days.
 *   Success rows → income "interest", external id `bybit:income:earn:<id>`
 *   (the id is "unique only under the same user", and apart from the log's
 *   ids). A key without the Earn permission is refused with 10005: the
 *   stream then ends for this run with a notice instead of stopping the sync
 *   (Lotwise's read-only check does not accept the Earn scope today, so most
 *   keys get the notice; limitations.ts says what to import instead).
 *   Not available at all: OnChain Earn and other products' yield, and any
 *   yield older than 3 months.
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

interface YieldRow {
  productId?: string;
  coin?: string;
  id?: string;
  amount?: string;
  yieldType?: string;
  status?: string;
  createdAt?: string;
}

export const EARN_DENIED_NOTICE =
  "Bybit did not let this key read Earn yield (it needs Bybit's Earn permission), so Earn rewards were not synced: import Bybit's Earn history CSV for them.";

function earnYield() {
  const PAGE = 100;
  // Per run: once Bybit refused the key, the later windows are not asked again.
  let denied = false;
  return windowedStream<string>({
    stream: "earn",
    phase: "ledger",
    windowMs: 7 * DAY,
    overlapMs: DAY,
    isInner: isCursor,
    async fetch(from, to, cursor, ctx) {
      const oldest = ctx.now - 89 * DAY;
      if (denied || to < oldest) return { rows: [], next: null };
      let res: { result?: { yield?: YieldRow[]; list?: YieldRow[]; nextPageCursor?: string } };
      try {
        res = (await ctx.call(() =>
          (ctx.client as Bybit).privateGetV5EarnYield({ category: "FlexibleSaving", startTime: Math.max(from, oldest), endTime: to, limit: PAGE, ...(cursor ? { cursor } : {}) }),
        )) as typeof res;
      } catch (e) {
        if (e instanceof SyncError && e.failure === "missing-read-permission") {
          denied = true;
          return { rows: [], next: null, notices: [EARN_DENIED_NOTICE] };
        }
        throw e;
      }
      // Bybit's example answers `yield: [...]`, its field table says `list`.
      const items = res.result?.yield ?? res.result?.list ?? [];
      const rows: Row[] = items.map((y) => {
        const id = y.id ?? "";
        const time = Number.parseInt(y.createdAt ?? "", 10) || 0;
        if (y.status === "Pending") return { id, time, entry: null, pending: true };
        const amount = positive(y.amount);
        if (y.status !== "Success" || !id || !y.coin || !amount) return { id, time, entry: null };
        return {
          id,
          time,
          entry: ledgerEntry({
            externalId: externalId(ctx.exchangeId, "income", "earn", id),
            time: new Date(time),
            account: ctx.account,
            kind: "income",
            receivedAsset: ctx.client.safeCurrencyCode(y.coin) ?? y.coin,
            receivedAmount: amount,
            label: "interest",
            description: `Bybit Flexible Savings yield${y.yieldType && y.yieldType !== "Normal" ? ` (${y.yieldType})` : ""}`,
          }),
        };
      });
      const next = res.result?.nextPageCursor;
      return { rows, next: items.length === PAGE && next ? next : null };
    },
  });
}

export const bybitPlan: ExchangePlan = {
  historyStart: Date.UTC(2020, 0, 1),
  streams: () => [anyStream(transfers("deposit")), anyStream(transfers("withdrawal")), anyStream(transactionLog()), anyStream(earnYield())],
  tradeStreams: () => [anyStream(executions())],
};
