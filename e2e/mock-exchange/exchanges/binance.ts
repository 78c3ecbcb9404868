import { mockSecretFor } from "../keys";
import { json, type ExchangeMock, type MockReply, type MockRequest, type RouteContext } from "../types";
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
        json({ timezone: "UTC", serverTime: Date.now(), rateLimits: [], exchangeFilters: [], symbols: [symbol("BTC", "USDT"), symbol("ETH", "USDT"), symbol("ETH", "BTC")] }),
    },
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
