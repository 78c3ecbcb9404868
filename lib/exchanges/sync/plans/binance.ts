import type { Exchange, Trade, Transaction } from "ccxt";
import { externalId, incomeLabel, mapTrade, mapTransfer, type MapContext } from "../map-ccxt";
import { idAscendingStream, isTimeCursor, nextTimeCursor, windowedStream, type Row, type TimeCursor } from "../pagers";
import { anyStream, type ExchangePlan } from "../plan";
import { positive } from "../precise";
import type { StreamContext } from "../types";
import { ledgerEntry } from "../../../ledger/types";

/**
 * Binance spot (notes, "Binance" → History). Which source for what:
 * - trades: `GET /api/v3/myTrades` per symbol (a symbol is required), paged
 *   by `fromId` (ids ascend per symbol; 1000 per page). Time windows are
 *   capped at 24 h, so ids are the only practical full-history walk.
 * - deposits / withdrawals: `/sapi/v1/capital/deposit/hisrec` and
 *   `/withdraw/history`, newest first, at most 90 days per request (ccxt adds
 *   endTime = since + 90 d itself), `offset` within the window.
 * - ledger: `fetchLedger` is contract-only here (NotSupported for spot), so
 *   income comes from `/sapi/v1/asset/assetDividend` (staking, Simple Earn
 *   interest, airdrops and distributions, labelled from `enInfo`): newest
 *   first, ≤ 180 days per request, ≤ 500 rows and no offset, so older rows
 *   are reached by lowering endTime.
 * Not covered by the API sync (CSV statement instead): Convert, dust-to-BNB,
 * fiat orders, margin/futures.
 */

const DAY = 86_400_000;

/** Quote currencies Binance lists spot markets in, paired with every touched asset during market discovery. */
const QUOTES = ["USDT", "USDC", "FDUSD", "TUSD", "DAI", "BTC", "ETH", "BNB", "EUR", "GBP", "TRY", "BRL", "JPY", "AUD"];

const mapCtx = (ctx: StreamContext): MapContext => ({ exchangeId: ctx.exchangeId, account: ctx.account });
const isOffset = (x: unknown): x is number => typeof x === "number" && Number.isInteger(x) && x >= 0;

function transferRows(txs: Transaction[], kind: "deposit" | "withdrawal", ctx: StreamContext): Row[] {
  return txs.map((tx) => {
    const out = mapTransfer(tx, kind, mapCtx(ctx));
    return { id: tx.id ?? "", time: tx.timestamp ?? 0, entry: "entry" in out ? out.entry : null, pending: "pending" in out };
  });
}

function capitalHistory(kind: "deposit" | "withdrawal") {
  const PAGE = 1000;
  return windowedStream<number>({
    stream: kind === "deposit" ? "deposits" : "withdrawals",
    phase: kind === "deposit" ? "deposits" : "withdrawals",
    windowMs: 90 * DAY,
    // Deposits are listed by insert time but appear once credited; re-read a day.
    overlapMs: DAY,
    isInner: isOffset,
    async fetch(from, to, offset, ctx) {
      const params = { startTime: from, endTime: to, offset: offset ?? 0 };
      const txs = kind === "deposit" ? await ctx.client.fetchDeposits(undefined, undefined, PAGE, params) : await ctx.client.fetchWithdrawals(undefined, undefined, PAGE, params);
      return { rows: transferRows(txs, kind, ctx), next: txs.length === PAGE ? (offset ?? 0) + PAGE : null };
    },
  });
}

interface DividendRow {
  id?: number | string;
  asset?: string;
  amount?: string;
  divTime?: number;
  enInfo?: string;
  direction?: number;
}

function dividendRow(r: DividendRow, client: Exchange, ctx: StreamContext): Row {
  const id = String(r.id ?? "");
  const time = r.divTime ?? 0;
  const amount = positive(r.amount);
  // direction -1 marks an outflow booked in the same list (rare clawbacks): not income, left to the balance proof.
  if (!id || !r.asset || !amount || r.direction === -1) return { id, time, entry: null };
  const label = incomeLabel(r.enInfo ?? "");
  return {
    id,
    time,
    entry: ledgerEntry({
      externalId: externalId(ctx.exchangeId, "income", id),
      time: new Date(time),
      account: ctx.account,
      kind: "income",
      receivedAsset: client.safeCurrencyCode(r.asset) ?? r.asset,
      receivedAmount: amount,
      label,
      description: r.enInfo ?? null,
    }),
  };
}

function assetDividends() {
  const PAGE = 500;
  return windowedStream<TimeCursor>({
    stream: "ledger",
    phase: "ledger",
    windowMs: 180 * DAY,
    overlapMs: DAY,
    isInner: isTimeCursor,
    async fetch(from, to, cursor, ctx) {
      // Implicit API call: ccxt has no unified method for it; the response is Binance's JSON as-is (amounts are strings).
      const res = (await ctx.client.sapiGetAssetAssetDividend({ startTime: from, endTime: cursor?.at ?? to, limit: PAGE })) as { rows?: DividendRow[] };
      const raw = (res.rows ?? []).map((r) => ({ id: String(r.id ?? ""), time: r.divTime ?? 0, r }));
      const skip = new Set(cursor?.ids ?? []);
      const rows = raw.filter((x) => !skip.has(x.id)).map((x) => dividendRow(x.r, ctx.client, ctx));
      // endTime is inclusive: continue at the oldest instant of a full page, skipping the ids already taken there.
      return { rows, next: nextTimeCursor(raw, PAGE, cursor) };
    },
  });
}

function myTrades(symbol: string) {
  const PAGE = 1000;
  return idAscendingStream({
    stream: `trades:${symbol}`,
    phase: "trades",
    pageSize: PAGE,
    async fetch(after, ctx) {
      const fromId = after === null ? "0" : (BigInt(after) + 1n).toString();
      const trades: Trade[] = await ctx.client.fetchMyTrades(symbol, undefined, PAGE, { fromId });
      const marketId = ctx.client.market(symbol).id ?? symbol;
      return trades.map((t) => ({ id: t.id ?? "", time: t.timestamp ?? 0, entry: mapTrade(t, mapCtx(ctx), marketId) }));
    },
  });
}

export const binancePlan: ExchangePlan = {
  historyStart: Date.UTC(2017, 6, 1),
  streams: () => [anyStream(capitalHistory("deposit")), anyStream(capitalHistory("withdrawal")), anyStream(assetDividends())],
  tradeStreams: (_ctx, symbols) => (symbols ?? []).map((s) => anyStream(myTrades(s))),
  discoverMarkets: { quotes: QUOTES },
};
