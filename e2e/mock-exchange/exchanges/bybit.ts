import { total } from "../dataset";
import { mockSecretFor } from "../keys";
import { json, type ExchangeMock, type MockReply, type MockRequest, type RouteContext } from "../types";
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
          list: req.query.get("category") === "spot" ? [instrument("BTC", "USDT", "0.000001", "0.01"), instrument("ETH", "USDT", "0.00001", "0.01"), instrument("ETH", "BTC", "0.0001", "0.000001")] : [],
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
