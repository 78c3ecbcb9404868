import type { Conversion, Exchange, Trade, Transaction } from "ccxt";
import { externalId, incomeLabel, mapConversion, mapTrade, mapTransfer, type MapContext } from "../map-ccxt";
import { idAscendingStream, isTimeCursor, nextTimeCursor, windowedStream, type Row, type TimeCursor } from "../pagers";
import { anyStream, type ExchangePlan } from "../plan";
import { dec, positive } from "../precise";
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
 * - convert: Binance Convert orders, ccxt fetchConvertTradeHistory →
 *   `GET /sapi/v1/convert/tradeFlow` (ccxt refuses more than 30 days between
 *   startTime and endTime; limit ≤ 1000; no offset, so a full page continues
 *   below its oldest createTime). One row per SUCCESS order, sent fromAmount,
 *   received toAmount (Binance's spread is in the rate: no fee field),
 *   external id `binance:convert:<quoteId>`: the order id is an 18-digit
 *   JSON number, which JSON.parse rounds (neighbouring orders could share
 *   one), while the quote id is a string and names the one order made
 *   from it.
 * - dust: small balances swept into BNB, `GET /sapi/v1/asset/dribblet`
 *   (implicit API: ccxt's fetchMyDustTrades flattens the sweep and counts on
 *   `total`; 90-day windows as ccxt asks; Binance: "Only return last 100
 *   records", "Only return records after 2020/12/01"). One row per swept
 *   asset: sent `amount`, received `transferedAmount` BNB, fee
 *   `serviceChargeAmount` BNB (transferedAmount is gross: the docs' sample
 *   charges exactly 2% of it), external id `binance:dust:<transId>:<asset>`.
 * Not covered by the API sync (CSV statement instead): fiat orders, P2P,
 * margin/futures (limitations.ts).
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

const CONVERT_PENDING = new Set(["PROCESS", "ACCEPT_SUCCESS"]);

function convertTradeFlow() {
  const PAGE = 1000;
  return windowedStream<TimeCursor>({
    stream: "convert",
    phase: "ledger",
    windowMs: 30 * DAY,
    overlapMs: 0,
    isInner: isTimeCursor,
    async fetch(from, to, cursor, ctx) {
      const list: Conversion[] = await ctx.client.fetchConvertTradeHistory(undefined, from, PAGE, { until: cursor?.at ?? to });
      const raw = list.map((c) => {
        const quoteId = (c.info as { quoteId?: unknown } | undefined)?.quoteId;
        return { id: typeof quoteId === "string" && quoteId !== "" ? quoteId : (c.id ?? ""), time: c.timestamp ?? 0, c };
      });
      const skip = new Set(cursor?.ids ?? []);
      const rows: Row[] = raw
        .filter((x) => !skip.has(x.id))
        .map(({ id, time, c }) => {
          const status = String((c.info as { orderStatus?: unknown } | undefined)?.orderStatus ?? "");
          if (CONVERT_PENDING.has(status)) return { id, time, entry: null, pending: true };
          const sent = dec(c.fromAmount);
          const received = dec(c.toAmount);
          if (status !== "SUCCESS" || !id || !c.fromCurrency || !c.toCurrency || !sent || !received) return { id, time, entry: null };
          const entry = mapConversion(
            {
              externalId: externalId(ctx.exchangeId, "convert", id),
              time,
              sentAsset: c.fromCurrency,
              sentAmount: sent,
              receivedAsset: c.toCurrency,
              receivedAmount: received,
              description: `Binance Convert ${c.fromCurrency} → ${c.toCurrency}`,
            },
            mapCtx(ctx),
          );
          return { id, time, entry };
        });
      return { rows, next: nextTimeCursor(raw, PAGE, cursor) };
    },
  });
}

interface DribbletDetail {
  fromAsset?: string;
  amount?: string;
  transferedAmount?: string;
  serviceChargeAmount?: string;
  operateTime?: number | string;
  transId?: number | string;
}

interface Dribblet {
  operateTime?: number | string;
  transId?: number | string;
  userAssetDribbletDetails?: DribbletDetail[];
}

/** A timestamp (not money) that Binance prints as a number or a digit string. */
const epochMs = (v: number | string | undefined): number => (typeof v === "number" ? v : Number.parseInt(v ?? "0", 10) || 0);

/** Binance keeps the dust log from 2020-12-01. */
const DUST_LOG_START = Date.UTC(2020, 11, 1);

function dustLog() {
  const PAGE = 100;
  return windowedStream<TimeCursor>({
    stream: "dust",
    phase: "ledger",
    windowMs: 90 * DAY,
    overlapMs: 0,
    isInner: isTimeCursor,
    async fetch(from, to, cursor, ctx) {
      if (to < DUST_LOG_START) return { rows: [], next: null };
      // Implicit API call: the response is Binance's JSON as-is (amounts are strings).
      const res = (await ctx.client.sapiGetAssetDribblet({ startTime: from, endTime: cursor?.at ?? to })) as { userAssetDribblets?: Dribblet[] };
      const raw = (res.userAssetDribblets ?? []).map((d) => ({ id: String(d.transId ?? ""), time: epochMs(d.operateTime), d }));
      const skip = new Set(cursor?.ids ?? []);
      const bnb = ctx.client.safeCurrencyCode("BNB") ?? "BNB";
      const rows: Row[] = raw
        .filter((x) => !skip.has(x.id))
        .flatMap(({ id, time, d }) =>
          (d.userAssetDribbletDetails ?? []).map((x): Row => {
            const asset = x.fromAsset ? (ctx.client.safeCurrencyCode(x.fromAsset) ?? x.fromAsset) : "";
            const rowId = `${id}:${asset}`;
            const sent = dec(x.amount);
            const received = dec(x.transferedAmount);
            if (!id || !asset || !sent || !received) return { id: rowId, time, entry: null };
            const fee = positive(x.serviceChargeAmount);
            const entry = mapConversion(
              {
                externalId: externalId(ctx.exchangeId, "dust", id, asset),
                time,
                sentAsset: asset,
                sentAmount: sent,
                receivedAsset: bnb,
                receivedAmount: received,
                fee: fee ? { asset: bnb, amount: fee } : null,
                description: `Binance small assets → BNB (${asset})`,
              },
              mapCtx(ctx),
            );
            return { id: rowId, time, entry };
          }),
        );
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
  streams: () => [anyStream(capitalHistory("deposit")), anyStream(capitalHistory("withdrawal")), anyStream(assetDividends()), anyStream(convertTradeFlow()), anyStream(dustLog())],
  tradeStreams: (_ctx, symbols) => (symbols ?? []).map((s) => anyStream(myTrades(s))),
  discoverMarkets: { quotes: QUOTES },
};
