import { total } from "../dataset";
import { mockPassphraseFor, mockSecretFor } from "../keys";
import { json, type ExchangeMock, type MockReply, type MockRequest, type RouteContext } from "../types";
import { header, hmac, same } from "./util";

// Notes, "KuCoin": KC-API-SIGN = base64(HMAC-SHA256(secret, timestamp + method
// + endpoint + body)); with KC-API-KEY-VERSION 2 the passphrase header is
// itself base64(HMAC-SHA256(secret, passphrase)). Envelope {"code":"200000","data":...}.
const fail = (code: string, msg: string, status: number): MockReply => json({ code, msg }, status);
const ok = (data: unknown): MockReply => json({ code: "200000", data });

function verify(req: MockRequest, apiKey: string): MockReply | undefined {
  const ts = header(req, "KC-API-TIMESTAMP");
  const sign = header(req, "KC-API-SIGN");
  const passphrase = header(req, "KC-API-PASSPHRASE");
  if (!ts || !sign || !passphrase) return fail("400001", "Please check the header of your request for KC-API-KEY, KC-API-SIGN, KC-API-TIMESTAMP, KC-API-PASSPHRASE", 401);
  const secret = mockSecretFor("kucoin", apiKey);
  const version = header(req, "KC-API-KEY-VERSION") ?? "1";
  const expectedPassphrase = version === "1" ? mockPassphraseFor(apiKey) : hmac("sha256", secret, mockPassphraseFor(apiKey), "base64");
  if (!same(passphrase, expectedPassphrase)) return fail("400004", "Invalid KC-API-PASSPHRASE", 401);
  const expected = hmac("sha256", secret, ts + req.method + req.pathWithQuery + req.body, "base64");
  return same(sign, expected) ? undefined : fail("400005", "Invalid KC-API-SIGN", 401);
}

const SYMBOLS = [
  ["BTC", "USDT", "0.00000001", "0.1"],
  ["ETH", "USDT", "0.0000001", "0.01"],
  ["ETH", "BTC", "0.0000001", "0.000001"],
] as const;

/** GET /api/v1/user/api-key (notes, "KuCoin"): `permission` is a comma list; General = read. */
function apiKeyInfo({ apiKey, grants }: RouteContext): MockReply {
  const permission = ["General", ...(grants.trade ? ["Spot"] : []), ...(grants.withdraw ? ["Transfer"] : [])].join(",");
  return ok({ remark: "lotwise", apiKey, apiVersion: 3, permission, ipWhitelist: "", createdAt: 1728905969000, uid: 123456789, isMaster: true });
}

function accounts({ dataset, req }: RouteContext): MockReply {
  const type = req.query.get("type") ?? "trade";
  return ok(
    Object.entries(dataset.balances).map(([currency, b], i) => ({
      id: `5bd6e9286d99522a52e458d${i}`,
      currency,
      type,
      balance: total(b),
      available: b.free,
      holds: b.used,
    })),
  );
}

export const kucoin: ExchangeMock = {
  id: "kucoin",
  apiKeyOf: (req) => header(req, "KC-API-KEY"),
  verify,
  routes: [
    { method: "GET", path: "/api/v1/timestamp", auth: "public", handle: () => ok(Date.now()) },
    {
      method: "GET",
      path: "/api/v3/currencies",
      auth: "public",
      handle: () =>
        ok(
          ["BTC", "ETH", "USDT"].map((c) => ({ currency: c, name: c, fullName: c, precision: 8, confirms: null, contractAddress: null, isMarginEnabled: true, isDebitEnabled: true, chains: [] })),
        ),
    },
    {
      method: "GET",
      path: "/api/v2/symbols",
      auth: "public",
      handle: () =>
        ok(
          SYMBOLS.map(([base, quote, baseInc, priceInc]) => ({
            symbol: `${base}-${quote}`,
            name: `${base}-${quote}`,
            baseCurrency: base,
            quoteCurrency: quote,
            feeCurrency: quote,
            market: quote === "USDT" ? "USDS" : "BTC",
            baseMinSize: "0.00001",
            quoteMinSize: "0.1",
            baseMaxSize: "10000000000",
            quoteMaxSize: "99999999",
            baseIncrement: baseInc,
            quoteIncrement: "0.000001",
            priceIncrement: priceInc,
            priceLimitRate: "0.1",
            minFunds: "0.1",
            isMarginEnabled: true,
            enableTrading: true,
            feeCategory: 1,
            makerFeeCoefficient: "1.00",
            takerFeeCoefficient: "1.00",
            st: false,
          })),
        ),
    },
    {
      method: "GET",
      path: "/api/v1/market/allTickers",
      auth: "public",
      handle: () =>
        ok({
          time: Date.now(),
          ticker: SYMBOLS.map(([b, q]) => ({ symbol: `${b}-${q}`, symbolName: `${b}-${q}`, takerFeeRate: "0.001", makerFeeRate: "0.001", takerCoefficient: "1", makerCoefficient: "1" })),
        }),
    },
    // Signed calls ccxt makes while loading markets and before fetchBalance (notes: "Mock for loadMarkets() with keys").
    { method: "GET", path: "/api/ua/v1/account/mode", auth: "private", handle: () => ok({ selfAccountMode: "CLASSIC", subAccountMode: [] }) },
    { method: "GET", path: "/api/v3/margin/symbols", auth: "private", handle: () => ok({ timestamp: Date.now(), items: [] }) },
    { method: "GET", path: "/api/v1/isolated/symbols", auth: "private", handle: () => ok([]) },
    { method: "GET", path: "/api/v1/hf/accounts/opened", auth: "private", handle: () => ok(false) },
    { method: "GET", path: "/api/v1/accounts", auth: "private", handle: accounts },
    { method: "GET", path: "/api/v1/user/api-key", auth: "private", handle: apiKeyInfo },
  ],
  errors: {
    // KuCoin says "not exists" for a mistyped and a deleted key alike.
    invalidKey: () => fail("400003", "KC-API-KEY not exists", 401),
    revokedKey: () => fail("400003", "KC-API-KEY not exists", 401),
    ipBlocked: () => fail("400006", "Invalid request ip, the current clientIp is:127.0.0.1", 401),
    rateLimited: () => fail("429000", "Too Many Requests", 429),
    down: () => fail("500000", "Internal Server Error", 503),
    notFound: () => fail("404000", "Url Not Found", 404),
  },
};
