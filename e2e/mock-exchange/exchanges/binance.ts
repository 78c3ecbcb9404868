import Decimal from "decimal.js";
import { HISTORY_IDS, MARKET_ID, MOCK_MARKETS } from "../history-ids";
import { mockSecretFor } from "../keys";
import { hasOhlcvSeries, ohlcvCandles } from "../ohlcv";
import { json, type ExchangeMock, type MockReply, type MockRequest, type RouteContext } from "../types";
import { history, intParam, newestFirst, oldestFirst, splitSymbol, sqlTime, symbolOf } from "./history";
import { header, hmac, same } from "./util";

// Notes, "Binance": HMAC-SHA256 hex of the query string, key in X-MBX-APIKEY.
// Binance answers -2015 for an unknown key, a deleted key and a key used from a
// non-whitelisted IP alike, so the three scenarios share one body.
const KEY_REJECTED = { code: -2015, msg: "Invalid API-key, IP, or permissions for action." };

function verify(req: MockRequest, apiKey: string): MockReply | undefined {
  const signed = req.method === "GET" || req.method === "DELETE" ? req.pathWithQuery.split("?")[1] ?? "" : req.body;
  const m = /^(.*)&signature=([0-9a-f]{64})$/.exec(signed);
  const params = new URLSearchParams(m?.[1] ?? "");
  if (!m || !params.has("timestamp")) {
    return json({ code: -1102, msg: "Mandatory parameter 'signature' was not sent, was empty/null, or malformed." }, 400);
  }
  if (!same(m[2], hmac("sha256", mockSecretFor("binance", apiKey), m[1] as string, "hex"))) {
    return json({ code: -1022, msg: "Signature for this request is not valid." }, 400);
  }
  return undefined;
}

const DAY = 86_400_000;
const bad = (code: number, msg: string): MockReply => json({ code, msg }, 400);

function symbol(base: string, quote: string) {
  return {
    symbol: base + quote,
    status: "TRADING",
    baseAsset: base,
    baseAssetPrecision: 8,
    quoteAsset: quote,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    orderTypes: ["LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT"],
    icebergAllowed: true,
    ocoAllowed: true,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters: [
      { filterType: "PRICE_FILTER", minPrice: "0.01000000", maxPrice: "1000000.00000000", tickSize: "0.01000000" },
      { filterType: "LOT_SIZE", minQty: "0.00001000", maxQty: "9000.00000000", stepSize: "0.00001000" },
      { filterType: "NOTIONAL", minNotional: "5.00000000", applyMinToMarket: true, maxNotional: "9000000.00000000" },
    ],
    permissions: [],
    permissionSets: [["SPOT"]],
    defaultSelfTradePreventionMode: "EXPIRE_MAKER",
    allowedSelfTradePreventionModes: ["EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH"],
  };
}

/** Documented shape: https://developers.binance.com/docs/wallet/account/api-key-permission */
function apiRestrictions({ grants }: RouteContext): MockReply {
  return json({
    ipRestrict: grants.withdraw, // Binance only allows withdrawals on IP-restricted keys
    createTime: 1698645219000,
    enableReading: true,
    enableWithdrawals: grants.withdraw,
    enableInternalTransfer: false,
    enableMargin: false,
    enableFutures: false,
    permitsUniversalTransfer: grants.withdraw,
    enableVanillaOptions: false,
    enableFixApiTrade: false,
    enableFixReadOnly: true,
    enableSpotAndMarginTrading: grants.trade,
    enablePortfolioMarginTrading: false,
  });
}

function account({ dataset, grants }: RouteContext): MockReply {
  return json({
    makerCommission: 10,
    takerCommission: 10,
    buyerCommission: 0,
    sellerCommission: 0,
    commissionRates: { maker: "0.00100000", taker: "0.00100000", buyer: "0.00000000", seller: "0.00000000" },
    canTrade: grants.trade,
    canWithdraw: grants.withdraw,
    canDeposit: true,
    brokered: false,
    requireSelfTradePrevention: false,
    preventSor: false,
    updateTime: 1700000000000,
    accountType: "SPOT",
    balances: Object.entries(dataset.balances).map(([asset, b]) => ({ asset, free: b.free, locked: b.used })),
    permissions: ["SPOT"],
    uid: 354937868,
  });
}

// ---------------------------------------------------------------------------
// History (notes, "Binance" → History), with Binance's documented limits.

/**
 * GET /api/v3/myTrades: symbol required; `fromId` gives trades with id ≥ fromId
 * oldest first; a startTime/endTime window may span at most 24 h; with
 * neither, the most recent `limit` trades. limit default 500, max 1000.
 */
function myTrades({ req, dataset }: RouteContext): MockReply {
  const q = req.query;
  const sym = symbolOf("binance", q.get("symbol"));
  if (!q.get("symbol")) return bad(-1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
  if (!sym) return bad(-1121, "Invalid symbol.");
  const limit = intParam(q.get("limit")) ?? 500;
  const fromId = intParam(q.get("fromId"));
  let start = intParam(q.get("startTime"));
  let end = intParam(q.get("endTime"));
  if ([limit, fromId, start, end].some((v) => Number.isNaN(v))) return bad(-1100, "Illegal characters found in a parameter.");
  if (limit < 1 || limit > 1000) return bad(-1130, "Data sent for parameter 'limit' is not valid.");
  if (fromId !== undefined && (start !== undefined || end !== undefined)) return bad(-1128, "Combination of optional parameters invalid.");
  const rows = oldestFirst(history(dataset).trades.filter((t) => t.symbol === sym));
  let picked;
  if (fromId !== undefined) {
    picked = rows.filter((t) => t.id >= fromId).slice(0, limit);
  } else if (start !== undefined || end !== undefined) {
    start ??= (end as number) - DAY;
    end ??= start + DAY;
    if (end - start > DAY) return bad(-1127, "More than 24 hours between startTime and endTime.");
    picked = rows.filter((t) => t.time >= (start as number) && t.time <= (end as number)).slice(0, limit);
  } else {
    picked = rows.slice(-limit);
  }
  const marketId = MARKET_ID.binance(sym);
  const quote = splitSymbol(sym)[1];
  return json(
    picked.map((t) => ({
      symbol: marketId,
      id: t.id, // = HISTORY_IDS.binance.trade(t)
      orderId: t.orderId,
      orderListId: -1,
      price: t.price,
      qty: t.amount,
      quoteQty: t.cost,
      commission: t.fee,
      commissionAsset: quote,
      time: t.time,
      isBuyer: t.side === "buy",
      isMaker: t.maker,
      isBestMatch: true,
    })),
  );
}

/** startTime..endTime for the capital history endpoints: default the last 90 days, at most 90 days. */
function window(req: MockRequest, maxDays: number): { start: number; end: number } | MockReply {
  const start = intParam(req.query.get("startTime"));
  const end = intParam(req.query.get("endTime"));
  if (Number.isNaN(start) || Number.isNaN(end)) return bad(-1100, "Illegal characters found in a parameter.");
  const e = end ?? (start !== undefined ? start + maxDays * DAY : Date.now());
  const s = start ?? e - maxDays * DAY;
  if (e - s > maxDays * DAY) return bad(-1127, `More than ${maxDays} days between startTime and endTime.`);
  return { start: s, end: e };
}

function isReply(x: unknown): x is MockReply {
  return typeof x === "object" && x !== null && "status" in x && "body" in x;
}

/** offset + limit (default and max 1000) over a newest-first list, the capital endpoints' paging. */
function offsetPage<T>(req: MockRequest, rows: readonly T[]): T[] | MockReply {
  const offset = intParam(req.query.get("offset")) ?? 0;
  const limit = intParam(req.query.get("limit")) ?? 1000;
  if (Number.isNaN(offset) || Number.isNaN(limit) || limit < 1 || limit > 1000 || offset < 0) return bad(-1130, "Data sent for parameter 'limit' is not valid.");
  return rows.slice(offset, offset + limit);
}

/** GET /sapi/v1/capital/deposit/hisrec: newest first, 90-day window, offset paging. */
function depositHistory({ req, dataset }: RouteContext): MockReply {
  const w = window(req, 90);
  if (isReply(w)) return w;
  const coin = req.query.get("coin");
  const rows = newestFirst(history(dataset).deposits.filter((d) => d.time >= w.start && d.time <= w.end && (!coin || d.currency === coin)));
  const page = offsetPage(req, rows);
  if (isReply(page)) return page;
  return json(
    page.map((d) => ({
      id: HISTORY_IDS.binance.deposit(d),
      amount: d.amount,
      coin: d.currency,
      network: d.network,
      status: 1,
      address: d.address,
      addressTag: "",
      txId: d.txId,
      insertTime: d.time,
      completeTime: d.time + 60_000,
      transferType: 0,
      confirmTimes: "12/12",
      unlockConfirm: 0,
      walletType: 0,
    })),
  );
}

/** GET /sapi/v1/capital/withdraw/history: newest first, 90-day window, offset paging; applyTime is a UTC "Y-m-d H:i:s" string. */
function withdrawHistory({ req, dataset }: RouteContext): MockReply {
  const w = window(req, 90);
  if (isReply(w)) return w;
  const coin = req.query.get("coin");
  const rows = newestFirst(history(dataset).withdrawals.filter((d) => d.time >= w.start && d.time <= w.end && (!coin || d.currency === coin)));
  const page = offsetPage(req, rows);
  if (isReply(page)) return page;
  return json(
    page.map((d) => ({
      id: HISTORY_IDS.binance.withdrawal(d),
      amount: d.amount,
      transactionFee: d.fee,
      coin: d.currency,
      status: 6,
      address: d.address,
      txId: d.txId,
      applyTime: sqlTime(d.time),
      network: d.network,
      transferType: 0,
      info: "",
      confirmNo: 12,
      walletType: 0,
      txKey: "",
      completeTime: sqlTime(d.time + 60_000),
    })),
  );
}

/**
 * GET /sapi/v1/asset/assetDividend: staking, Simple Earn interest, airdrops.
 * Newest first, at most 180 days between startTime and endTime, limit default
 * 20, max 500, and no offset: older rows are reached by lowering endTime.
 */
function assetDividend({ req, dataset }: RouteContext): MockReply {
  const w = window(req, 180);
  if (isReply(w)) return w;
  const limit = intParam(req.query.get("limit")) ?? 20;
  if (Number.isNaN(limit) || limit < 1 || limit > 500) return bad(-1130, "Data sent for parameter 'limit' is not valid.");
  const asset = req.query.get("asset");
  const rows = newestFirst(history(dataset).rewards.filter((r) => r.time >= w.start && r.time <= w.end && (!asset || r.currency === asset)));
  return json({
    rows: rows.slice(0, limit).map((r) => ({
      id: r.id, // = HISTORY_IDS.binance.reward(r)
      tranId: 2_968_000_000 + r.id,
      asset: r.currency,
      amount: r.amount,
      divTime: r.time,
      enInfo: r.type === "staking" ? `${r.currency} Staking Rewards` : "Simple Earn Flexible Interest",
      direction: 1,
    })),
    total: rows.length,
  });
}

/**
 * GET /sapi/v1/convert/tradeFlow (Binance "Get Convert Trade History"):
 * startTime and endTime required, at most 30 days apart; limit default 100,
 * max 1000; newest first; `moreData` when more rows match. The spread is in
 * the rate: toAmount is what was credited (the dataset's toAmount − fee).
 */
function convertTradeFlow({ req, dataset }: RouteContext): MockReply {
  const start = intParam(req.query.get("startTime"));
  const end = intParam(req.query.get("endTime"));
  if (start === undefined || end === undefined) return bad(-1102, "Mandatory parameter 'startTime' was not sent, was empty/null, or malformed.");
  if (Number.isNaN(start) || Number.isNaN(end)) return bad(-1100, "Illegal characters found in a parameter.");
  if (end - start > 30 * DAY) return bad(-1127, "More than 30 days between startTime and endTime.");
  const limit = intParam(req.query.get("limit")) ?? 100;
  if (Number.isNaN(limit) || limit < 1 || limit > 1000) return bad(-1130, "Data sent for parameter 'limit' is not valid.");
  const rows = newestFirst((dataset.conversions ?? []).filter((c) => c.kind === "convert" && c.time >= start && c.time <= end));
  const toAmount = (c: { toAmount: string; fee: string }) => new Decimal(c.toAmount).minus(c.fee);
  return json({
    list: rows.slice(0, limit).map((c) => ({
      quoteId: HISTORY_IDS.binance.conversion(c),
      // A JSON number, as Binance sends it: past 2^53, so clients read it rounded.
      orderId: Number(HISTORY_IDS.binance.convertOrderId(c)),
      orderStatus: "SUCCESS",
      fromAsset: c.from,
      fromAmount: c.fromAmount,
      toAsset: c.to,
      toAmount: toAmount(c).toFixed(),
      ratio: toAmount(c).div(c.fromAmount).toFixed(8),
      inverseRatio: new Decimal(c.fromAmount).div(toAmount(c)).toFixed(8),
      createTime: c.time,
    })),
    startTime: start,
    endTime: end,
    limit,
    moreData: rows.length > limit,
  });
}

/**
 * GET /sapi/v1/asset/dribblet (Binance "Dust Log"): sweeps of small balances
 * into BNB, newest first, "only return last 100 records"; each sweep lists
 * its assets. transferedAmount is gross, serviceChargeAmount (2%) is taken
 * from it.
 */
function dribblet({ req, dataset }: RouteContext): MockReply {
  const start = intParam(req.query.get("startTime"));
  const end = intParam(req.query.get("endTime"));
  if (Number.isNaN(start) || Number.isNaN(end)) return bad(-1100, "Illegal characters found in a parameter.");
  const dust = (dataset.conversions ?? []).filter((c) => c.kind === "dust" && (start === undefined || c.time >= start) && (end === undefined || c.time <= end));
  const batches = new Map<number, typeof dust>();
  for (const c of dust) batches.set(c.batch, [...(batches.get(c.batch) ?? []), c]);
  const sweeps = [...batches.values()].sort((a, b) => (b[0]?.time ?? 0) - (a[0]?.time ?? 0) || (b[0]?.batch ?? 0) - (a[0]?.batch ?? 0)).slice(0, 100);
  const sum = (xs: string[]) => xs.reduce((a, x) => a.plus(x), new Decimal(0)).toFixed();
  return json({
    total: sweeps.length,
    userAssetDribblets: sweeps.map((details) => {
      const first = details[0] as (typeof details)[number];
      const transId = HISTORY_IDS.binance.dust(first);
      return {
        operateTime: first.time,
        totalTransferedAmount: sum(details.map((d) => d.toAmount)),
        totalServiceChargeAmount: sum(details.map((d) => d.fee)),
        transId: Number(transId),
        userAssetDribbletDetails: details.map((d) => ({
          transId: Number(transId),
          serviceChargeAmount: d.fee,
          amount: d.fromAmount,
          operateTime: d.time,
          transferedAmount: d.toAmount,
          fromAsset: d.from,
        })),
      };
    }),
  });
}

const INTERVALS: Record<string, number> = { "1m": 60_000, "5m": 300_000, "15m": 900_000, "30m": 1_800_000, "1h": 3_600_000, "4h": 14_400_000, "1d": DAY, "1w": 7 * DAY };

/** GET /api/v3/klines (public): oldest first; limit default 500, max 1000; startTime wins over endTime. */
function klines(req: MockRequest): MockReply {
  const sym = symbolOf("binance", req.query.get("symbol"));
  if (!sym || !hasOhlcvSeries(sym)) return bad(-1121, "Invalid symbol.");
  const tf = INTERVALS[req.query.get("interval") ?? ""];
  if (!tf) return bad(-1120, "Invalid interval.");
  const limit = Math.min(intParam(req.query.get("limit")) ?? 500, 1000);
  const start = intParam(req.query.get("startTime"));
  const end = intParam(req.query.get("endTime")) ?? Date.now();
  const candles = start !== undefined ? ohlcvCandles(sym, tf, start, end).slice(0, limit) : ohlcvCandles(sym, tf, end - limit * tf, end).slice(-limit);
  return json(candles.map((c) => [c.time, c.open, c.high, c.low, c.close, c.volume, c.time + tf - 1, "0", 100, "0", "0", "0"]));
}

export const binance: ExchangeMock = {
  id: "binance",
  apiKeyOf: (req) => header(req, "X-MBX-APIKEY"),
  verify,
  routes: [
    { method: "GET", path: "/api/v3/time", auth: "public", handle: () => json({ serverTime: Date.now() }) },
    {
      method: "GET",
      path: "/api/v3/exchangeInfo",
      auth: "public",
      handle: () =>
        json({ timezone: "UTC", serverTime: Date.now(), rateLimits: [], exchangeFilters: [], symbols: MOCK_MARKETS.map((m) => symbol(...splitSymbol(m))) }),
    },
    { method: "GET", path: "/api/v3/klines", auth: "public", category: "ohlcv", handle: klines },
    { method: "GET", path: "/api/v3/myTrades", auth: "private", category: "history", handle: myTrades },
    { method: "GET", path: "/sapi/v1/capital/deposit/hisrec", auth: "private", category: "history", handle: depositHistory },
    { method: "GET", path: "/sapi/v1/capital/withdraw/history", auth: "private", category: "history", handle: withdrawHistory },
    { method: "GET", path: "/sapi/v1/asset/assetDividend", auth: "private", category: "history", handle: assetDividend },
    { method: "GET", path: "/sapi/v1/convert/tradeFlow", auth: "private", category: "history", handle: convertTradeFlow },
    { method: "GET", path: "/sapi/v1/asset/dribblet", auth: "private", category: "history", handle: dribblet },
    // loadMarkets() with a key set makes these signed calls first (notes: "Mock must serve for loadMarkets()").
    { method: "GET", path: "/sapi/v1/capital/config/getall", auth: "private", handle: () => json([]) },
    { method: "GET", path: "/sapi/v1/margin/allPairs", auth: "private", handle: () => json([]) },
    { method: "GET", path: "/sapi/v1/margin/isolated/allPairs", auth: "private", handle: () => json([]) },
    { method: "GET", path: "/api/v3/account", auth: "private", handle: account },
    { method: "GET", path: "/sapi/v1/account/apiRestrictions", auth: "private", handle: apiRestrictions },
  ],
  errors: {
    invalidKey: () => json(KEY_REJECTED, 401),
    revokedKey: () => json(KEY_REJECTED, 401),
    ipBlocked: () => json(KEY_REJECTED, 401),
    rateLimited: () =>
      json(
        { code: -1003, msg: "Too many requests; current limit of IP(127.0.0.1) is 6000 requests per minute. Please use the websocket for live updates to avoid polling the API." },
        429,
        { "Retry-After": "30" },
      ),
    down: () => json({ code: -1001, msg: "Internal error; unable to process your request. Please try again." }, 503),
    notFound: () => json({ code: -1000, msg: "An unknown error occurred while processing the request." }, 404),
  },
};
