import Decimal from "decimal.js";
import { total, type MockDataset } from "../dataset";
import { HISTORY_IDS, MARKET_ID, MOCK_MARKETS } from "../history-ids";
import { mockSecretFor } from "../keys";
import { json, type ExchangeMock, type MockReply, type MockRequest, type RouteContext } from "../types";
import { history, intParam, splitSymbol, symbolOf } from "./history";
import { header, hmac, same } from "./util";

// Notes, "Bybit (v5)": X-BAPI-SIGN = hex HMAC-SHA256(secret, timestamp + apiKey
// + recvWindow + queryString|body); envelope {"retCode":0,"retMsg":"OK","result":{...}}.
const envelope = (retCode: number, retMsg: string, result: unknown = {}, status = 200): MockReply =>
  json({ retCode, retMsg, result, retExtInfo: {}, time: Date.now() }, status);
const ok = (result: unknown) => envelope(0, "OK", result);

function verify(req: MockRequest, apiKey: string): MockReply | undefined {
  const ts = header(req, "X-BAPI-TIMESTAMP");
  const recv = header(req, "X-BAPI-RECV-WINDOW");
  if (!ts || !recv) return envelope(10002, "invalid request, please check your server timestamp or recv_window param");
  const payload = req.method === "GET" ? req.pathWithQuery.split("?")[1] ?? "" : req.body;
  const expected = hmac("sha256", mockSecretFor("bybit", apiKey), ts + apiKey + recv + payload, "hex");
  return same(header(req, "X-BAPI-SIGN"), expected)
    ? undefined
    : envelope(10004, "error sign! origin_string[...]", {}, 401);
}

function instrument(base: string, quote: string, basePrecision: string, tickSize: string) {
  return {
    symbol: base + quote,
    baseCoin: base,
    quoteCoin: quote,
    innovation: "0",
    status: "Trading",
    marginTrading: "none",
    stTag: "0",
    lotSizeFilter: { basePrecision, quotePrecision: "0.00000001", minOrderQty: basePrecision, maxOrderQty: "1000", minOrderAmt: "1", maxOrderAmt: "2000000" },
    priceFilter: { tickSize },
    riskParameters: { priceLimitRatioX: "0.01", priceLimitRatioY: "0.02" },
  };
}

/** GET /v5/user/query-api (notes, "Bybit"): readOnly 1 = read only; permission groups list what else the key may do. */
function queryApi({ apiKey, grants }: RouteContext): MockReply {
  const readOnly = grants.trade || grants.withdraw ? 0 : 1;
  return ok({
    id: "13770661",
    note: "lotwise",
    apiKey,
    readOnly,
    secret: "",
    permissions: {
      ContractTrade: grants.trade ? ["Order", "Position"] : [],
      Spot: grants.trade ? ["SpotTrade"] : [],
      Wallet: grants.withdraw ? ["AccountTransfer", "Withdraw"] : ["AccountTransfer"],
      Options: [],
      Derivatives: [],
      Exchange: ["ExchangeHistory"],
      Earn: [],
      FiatP2P: [],
      FiatBybitPay: [],
      FiatConvertBroker: [],
      BlockTrade: [],
      Affiliate: [],
    },
    ips: ["*"],
    type: 1,
    deadlineDay: 83,
    expiredAt: "2026-02-15T08:21:30Z",
    createdAt: "2025-11-17T08:21:30Z",
    unified: 0,
    uta: 1,
    userID: 24600000,
    inviterID: 0,
    vipLevel: "No VIP",
    mktMakerLevel: "0",
    affiliateID: 0,
    rsaPublicKey: "",
    isMaster: true,
    parentUid: "0",
    kycLevel: "LEVEL_DEFAULT",
    kycRegion: "",
  });
}

function walletBalance({ dataset }: RouteContext): MockReply {
  return ok({
    list: [
      {
        accountType: "UNIFIED",
        totalEquity: "0",
        totalWalletBalance: "0",
        coin: Object.entries(dataset.balances).map(([coin, b]) => ({
          coin,
          walletBalance: total(b),
          locked: b.used,
          totalOrderIM: "0",
          totalPositionIM: "0",
          equity: total(b),
          usdValue: "0",
          borrowAmount: "0",
          accruedInterest: "0",
        })),
      },
    ],
  });
}

// ---------------------------------------------------------------------------
// History (notes, "Bybit (v5)" → History). Newest first, `cursor` paging
// (`nextPageCursor`, "" on the last page); startTime..endTime at most 7 days
// for executions and the transaction log, 30 days for deposits and
// withdrawals (default: the last 7 / 30 days); limit ≤ 100 for executions
// (default 50), ≤ 50 elsewhere. The transaction log filters by `type`.

const DAY = 86_400_000;

interface Listed {
  id: number;
  time: number;
  body: () => Record<string, unknown>;
}

function listPage(req: RouteContext["req"], rows: Listed[], maxDays: number, maxLimit: number, defaultLimit: number, listKey = "list"): MockReply {
  const q = req.query;
  const start = intParam(q.get("startTime"));
  const end = intParam(q.get("endTime"));
  const limit = intParam(q.get("limit")) ?? defaultLimit;
  if ([start, end, limit].some((v) => Number.isNaN(v)) || limit < 1 || limit > maxLimit) return envelope(10001, "params error");
  const e = end ?? (start !== undefined ? start + maxDays * DAY : Date.now());
  const s = start ?? e - maxDays * DAY;
  if (e - s > maxDays * DAY) return envelope(10001, `The time range between startTime and endTime cannot exceed ${maxDays} days.`);
  // Cursor "<time>:<id>" of the last row returned: stable while new rows arrive.
  const [ct, cid] = (q.get("cursor") || "").split(":").map((x) => Number.parseInt(x, 10));
  const list = rows
    .filter((r) => r.time >= s && r.time <= e)
    .filter((r) => ct === undefined || Number.isNaN(ct) || r.time < ct || (r.time === ct && r.id < (cid as number)))
    .sort((a, b) => b.time - a.time || b.id - a.id);
  const page = list.slice(0, limit);
  const last = page.at(-1);
  return ok({ [listKey]: page.map((r) => r.body()), nextPageCursor: list.length > limit && last ? `${last.time}:${last.id}` : "" });
}

function executions({ req, dataset }: RouteContext): MockReply {
  if (req.query.get("category") !== "spot") return ok({ category: req.query.get("category"), list: [], nextPageCursor: "" });
  const sym = req.query.get("symbol") ? symbolOf("bybit", req.query.get("symbol")) : undefined;
  const rows: Listed[] = history(dataset)
    .trades.filter((t) => !sym || t.symbol === sym)
    .map((t) => ({
      id: t.id,
      time: t.time,
      body: () => ({
        symbol: MARKET_ID.bybit(t.symbol),
        orderId: String(t.orderId),
        orderLinkId: "",
        side: t.side === "buy" ? "Buy" : "Sell",
        orderPrice: t.price,
        orderQty: t.amount,
        leavesQty: "0",
        orderType: "Limit",
        stopOrderType: "",
        execFee: t.fee,
        execId: HISTORY_IDS.bybit.trade(t),
        execPrice: t.price,
        execQty: t.amount,
        execType: "Trade",
        execValue: t.cost,
        execTime: String(t.time),
        feeCurrency: splitSymbol(t.symbol)[1],
        isMaker: t.maker,
        feeRate: "0.001",
        tradeIv: "",
        markIv: "",
        markPrice: "",
        indexPrice: "",
        underlyingPrice: "",
        blockTradeId: "",
        closedSize: "",
        seq: t.id,
      }),
    }));
  return listPage(req, rows, 7, 100, 50);
}

function depositRecords({ req, dataset }: RouteContext): MockReply {
  const rows: Listed[] = history(dataset).deposits.map((d) => ({
    id: d.id,
    time: d.time,
    body: () => ({
      id: HISTORY_IDS.bybit.deposit(d),
      coin: d.currency,
      chain: d.network,
      amount: d.amount,
      txID: d.txId,
      status: 3,
      toAddress: d.address,
      tag: "",
      depositFee: "",
      successAt: String(d.time),
      confirmations: "12",
      txIndex: "0",
      blockHash: "",
      batchReleaseLimit: "-1",
      depositType: "0",
    }),
  }));
  return listPage(req, rows, 30, 50, 50, "rows");
}

function withdrawRecords({ req, dataset }: RouteContext): MockReply {
  const rows: Listed[] = history(dataset).withdrawals.map((w) => ({
    id: w.id,
    time: w.time,
    body: () => ({
      withdrawId: HISTORY_IDS.bybit.withdrawal(w),
      txID: w.txId,
      withdrawType: 0,
      coin: w.currency,
      chain: w.network,
      amount: w.amount,
      withdrawFee: w.fee,
      status: "success",
      toAddress: w.address,
      tag: "",
      createTime: String(w.time),
      updateTime: String(w.time),
    }),
  }));
  return listPage(req, rows, 30, 50, 50, "rows");
}

/** The unified account's log: a TRADE row per currency leg of each fill, TRANSFER_IN for deposits (they arrive through the funding account), TRANSFER_OUT for withdrawals. */
const logCache = new WeakMap<MockDataset, { key: string; rows: (Listed & { type: string })[] }>();

function transactionLog({ req, dataset }: RouteContext): MockReply {
  const h = history(dataset);
  const key = [h.trades.length, h.deposits.length, h.withdrawals.length].join(":");
  let cached = logCache.get(dataset);
  if (cached?.key !== key) {
    cached = { key, rows: buildTransactionLog(h) };
    logCache.set(dataset, cached);
  }
  const type = req.query.get("type");
  return listPage(req, type ? cached.rows.filter((r) => r.type === type) : cached.rows, 7, 50, 20);
}

function buildTransactionLog(h: ReturnType<typeof history>): (Listed & { type: string })[] {
  const rows: (Listed & { type: string })[] = [];
  const row = (id: number, time: number, type: string, currency: string, change: Decimal.Value, extra: Record<string, unknown> = {}): Listed & { type: string } => ({
    id,
    time,
    type,
    body: () => ({ id: String(id), symbol: "", category: "spot", side: "None", transactionTime: String(time), type, qty: "0", size: "0", currency, tradePrice: "", funding: "", fee: "0", cashFlow: new Decimal(change).toFixed(), change: new Decimal(change).toFixed(), cashBalance: "0", feeRate: "", bonusChange: "", tradeId: "", orderId: "", orderLinkId: "", ...extra }),
  });
  for (const t of h.trades) {
    const [base, quote] = splitSymbol(t.symbol);
    const sign = t.side === "buy" ? 1 : -1;
    rows.push(row(t.id * 2, t.time, "TRADE", base, new Decimal(t.amount).mul(sign), { symbol: MARKET_ID.bybit(t.symbol), tradeId: HISTORY_IDS.bybit.trade(t) }));
    rows.push(row(t.id * 2 + 1, t.time, "TRADE", quote, new Decimal(t.cost).mul(-sign).minus(t.fee), { symbol: MARKET_ID.bybit(t.symbol), fee: t.fee, tradeId: HISTORY_IDS.bybit.trade(t) }));
  }
  for (const d of h.deposits) rows.push(row(1_000_000 + d.id, d.time, "TRANSFER_IN", d.currency, d.amount));
  for (const w of h.withdrawals) rows.push(row(2_000_000 + w.id, w.time, "TRANSFER_OUT", w.currency, new Decimal(w.amount).plus(w.fee).neg()));
  return rows;
}

/**
 * GET /v5/earn/yield (Bybit "Get Yield History"): category FlexibleSaving,
 * the last 3 months, limit 1..100 (default 50), cursor; the list is
 * `result.yield` (as in Bybit's response example). Keys without the Earn
 * permission get 10005: the dataset flag `bybitEarn` stands for a key that
 * has it (the mock's key report does not model the Earn scope).
 */
function earnYield({ req, dataset }: RouteContext): MockReply {
  if (!dataset.flags?.bybitEarn) return envelope(10005, "Permission denied, please check your API key permissions.");
  if (req.query.get("category") !== "FlexibleSaving") return ok({ yield: [], nextPageCursor: "" });
  const q = req.query;
  const start = intParam(q.get("startTime"));
  const end = intParam(q.get("endTime"));
  const limit = intParam(q.get("limit")) ?? 50;
  if ([start, end, limit].some((v) => Number.isNaN(v)) || limit < 1 || limit > 100) return envelope(10001, "params error");
  const oldest = Date.now() - 92 * DAY;
  const [ct, cid] = (q.get("cursor") || "").split(":").map((x) => Number.parseInt(x, 10));
  const list = history(dataset)
    .rewards.filter((r) => r.time >= oldest && (start === undefined || r.time >= start) && (end === undefined || r.time <= end))
    .filter((r) => ct === undefined || Number.isNaN(ct) || r.time < ct || (r.time === ct && r.id < (cid as number)))
    .sort((a, b) => b.time - a.time || b.id - a.id);
  const page = list.slice(0, limit);
  const last = page.at(-1);
  return ok({
    yield: page.map((r) => ({
      productId: r.currency === "USDT" ? "428" : "430",
      coin: r.currency,
      id: HISTORY_IDS.bybit.reward(r).replace(/^earn:/, ""),
      amount: r.amount,
      yieldType: "Normal",
      distributionMode: "Auto",
      effectiveStakingAmount: "1000",
      orderId: "",
      status: "Success",
      createdAt: String(r.time),
    })),
    nextPageCursor: list.length > limit && last ? `${last.time}:${last.id}` : "",
  });
}

export const bybit: ExchangeMock = {
  id: "bybit",
  apiKeyOf: (req) => header(req, "X-BAPI-API-KEY"),
  verify,
  routes: [
    { method: "GET", path: "/v5/market/time", auth: "public", handle: () => ok({ timeSecond: String(Math.floor(Date.now() / 1000)), timeNano: `${Date.now()}000000` }) },
    {
      method: "GET",
      path: "/v5/market/instruments-info",
      auth: "public",
      handle: (req) =>
        ok({
          category: req.query.get("category") ?? "spot",
          list: req.query.get("category") === "spot" ? MOCK_MARKETS.map((m) => instrument(...splitSymbol(m), "0.000001", "0.000001")) : [],
          nextPageCursor: "",
        }),
    },
    { method: "GET", path: "/v5/asset/coin/query-info", auth: "private", handle: () => ok({ rows: [] }) },
    // ccxt calls query-api and account/info inside fetchBalance to detect a unified account (notes).
    { method: "GET", path: "/v5/user/query-api", auth: "private", handle: queryApi },
    {
      method: "GET",
      path: "/v5/account/info",
      auth: "private",
      handle: () => ok({ unifiedMarginStatus: 5, marginMode: "REGULAR_MARGIN", isMasterTrader: false, spotHedgingStatus: "OFF", updatedTime: String(Date.now()), dcpStatus: "OFF", timeWindow: 10, smpGroup: 0 }),
    },
    { method: "GET", path: "/v5/account/wallet-balance", auth: "private", handle: walletBalance },
    { method: "GET", path: "/v5/execution/list", auth: "private", category: "history", handle: executions },
    { method: "GET", path: "/v5/asset/deposit/query-record", auth: "private", category: "history", handle: depositRecords },
    { method: "GET", path: "/v5/asset/withdraw/query-record", auth: "private", category: "history", handle: withdrawRecords },
    { method: "GET", path: "/v5/account/transaction-log", auth: "private", category: "history", handle: transactionLog },
    { method: "GET", path: "/v5/earn/yield", auth: "private", category: "history", handle: earnYield },
  ],
  errors: {
    invalidKey: () => envelope(10003, "API key is invalid.", {}, 401),
    // Bybit keys without an IP list expire after three months (notes: deadlineDay/expiredAt).
    revokedKey: () => envelope(33004, "Your api key has expired.", {}, 401),
    ipBlocked: () => envelope(10010, "Unmatched IP, please check your API key's bound IP addresses.", {}, 401),
    rateLimited: () => envelope(10006, "Too many visits. Exceeded the API Rate Limit.", {}, 429),
    down: () => envelope(10016, "Service unavailable. Please try again later.", {}, 503),
    notFound: () => ({ status: 404, body: "404 page not found" }),
  },
};
