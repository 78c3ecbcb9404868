import { createPublicKey, verify as verifySignature } from "node:crypto";
import { coinbasePublicJwk } from "../keys";
import { json, type ExchangeMock, type MockReply, type MockRequest, type RouteContext } from "../types";
import { header } from "./util";

// Notes, "Coinbase": CDP keys sign an ES256 JWT per request, sent as
// `Authorization: Bearer <jwt>`, with `sub`/`kid` = the key name and
// `uri` = "<METHOD> <host><path>". Coinbase answers a bad, deleted or
// IP-blocked CDP key with the same bare 401, so those scenarios share it.
const UNAUTHORIZED: MockReply = { status: 401, body: "Unauthorized" };

interface Jwt {
  header: { alg?: string; kid?: string };
  payload: { sub?: string; uri?: string; exp?: number; nbf?: number; iss?: string };
  signed: string;
  signature: Buffer;
}

function decodeJwt(token: string): Jwt | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    return {
      header: JSON.parse(Buffer.from(parts[0] as string, "base64url").toString("utf8")) as Jwt["header"],
      payload: JSON.parse(Buffer.from(parts[1] as string, "base64url").toString("utf8")) as Jwt["payload"],
      signed: `${parts[0]}.${parts[1]}`,
      signature: Buffer.from(parts[2] as string, "base64url"),
    };
  } catch {
    return undefined;
  }
}

function bearer(req: MockRequest): Jwt | undefined {
  const auth = header(req, "authorization");
  const m = auth ? /^Bearer (.+)$/.exec(auth) : null;
  return m ? decodeJwt(m[1] as string) : undefined;
}

const withoutScheme = (s: string) => s.replace(/^[A-Z]+ https?:\/\//, (m) => m.replace(/https?:\/\//, ""));

function verify(req: MockRequest, apiKey: string): MockReply | undefined {
  const jwt = bearer(req);
  if (!jwt || jwt.header.alg !== "ES256" || jwt.header.kid !== apiKey) return UNAUTHORIZED;
  const now = Math.floor(Date.now() / 1000);
  if (typeof jwt.payload.exp !== "number" || jwt.payload.exp < now - 5) return UNAUTHORIZED;
  // ccxt strips "https://" only; against the mock the uri keeps "http://", so compare without any scheme.
  const expectedUri = `${req.method} ${req.fullUrl.split("?")[0]}`;
  if (withoutScheme(jwt.payload.uri ?? "") !== withoutScheme(expectedUri)) return UNAUTHORIZED;
  const key = createPublicKey({ key: coinbasePublicJwk(apiKey), format: "jwk" });
  const ok = verifySignature("sha256", Buffer.from(jwt.signed), { key, dsaEncoding: "ieee-p1363" }, jwt.signature);
  return ok ? undefined : UNAUTHORIZED;
}

const PRODUCTS = [
  ["BTC", "USD", "0.00000001", "0.01"],
  ["ETH", "USD", "0.00000001", "0.01"],
  ["ETH", "BTC", "0.00000001", "0.00001"],
] as const;

function products(req: MockRequest): MockReply {
  // ccxt also asks for FUTURE and PERPETUAL products; a spot-only retail account has none.
  if (req.query.get("product_type") === "FUTURE") return json({ products: [], num_products: 0 });
  return json({
    products: PRODUCTS.map(([base, quote, baseInc, quoteInc]) => ({
      product_id: `${base}-${quote}`,
      price: "0",
      base_increment: baseInc,
      quote_increment: quoteInc,
      price_increment: quoteInc,
      quote_min_size: "1",
      quote_max_size: "150000000",
      base_min_size: baseInc,
      base_max_size: "3400",
      base_name: base,
      quote_name: quote,
      status: "online",
      cancel_only: false,
      limit_only: false,
      post_only: false,
      trading_disabled: false,
      auction_mode: false,
      product_type: "SPOT",
      quote_currency_id: quote,
      base_currency_id: base,
      base_display_symbol: base,
      quote_display_symbol: quote,
    })),
    num_products: PRODUCTS.length,
  });
}

/** Schema GetApiKeyPermissionsResponse (notes, "Coinbase"). Coinbase's "transfer" scope covers sending funds out. */
function keyPermissions({ grants }: RouteContext): MockReply {
  return json({
    can_view: true,
    can_trade: grants.trade,
    can_transfer: grants.withdraw,
    portfolio_uuid: "8f4e3c2a-0000-4000-8000-000000000000",
    portfolio_type: "DEFAULT",
  });
}

function accounts({ dataset }: RouteContext): MockReply {
  const fiat = new Set(["USD", "EUR", "GBP"]);
  return json({
    pagination: { ending_before: null, starting_after: null, previous_ending_before: null, next_starting_after: null, limit: 250, order: "desc", previous_uri: null, next_uri: null },
    data: Object.entries(dataset.balances).map(([code, b], i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      name: `${code} Wallet`,
      primary: true,
      type: fiat.has(code) ? "fiat" : "wallet",
      currency: { code, name: code, type: fiat.has(code) ? "fiat" : "crypto" },
      balance: { amount: b.free, currency: code },
      created_at: "2023-01-01T00:00:00Z",
      updated_at: "2024-01-01T00:00:00Z",
      resource: "account",
      resource_path: `/v2/accounts/${i}`,
    })),
  });
}

export const coinbase: ExchangeMock = {
  id: "coinbase",
  apiKeyOf: (req) => bearer(req)?.payload.sub,
  verify,
  routes: [
    { method: "GET", path: "/v2/time", auth: "public", handle: () => json({ data: { iso: new Date().toISOString(), epoch: Math.floor(Date.now() / 1000) } }) },
    {
      method: "GET",
      path: "/v2/currencies",
      auth: "public",
      handle: () => json({ data: [{ id: "USD", name: "US Dollar", min_size: "0.01" }, { id: "EUR", name: "Euro", min_size: "0.01" }] }),
    },
    {
      method: "GET",
      path: "/v2/currencies/crypto",
      auth: "public",
      handle: () =>
        json({
          data: [
            { asset_id: "5b71fc48-3dd3-540c-809b-f8c94d0e68b5", code: "BTC", name: "Bitcoin", color: "#F7931A", sort_index: 100, exponent: 8, type: "crypto" },
            { asset_id: "d85dce9b-5b73-5c3c-8978-522ce1d1c1b4", code: "ETH", name: "Ethereum", color: "#627EEA", sort_index: 102, exponent: 8, type: "crypto" },
          ],
        }),
    },
    {
      method: "GET",
      path: "/v2/exchange-rates",
      auth: "public",
      handle: () => json({ data: { currency: "USD", rates: { BTC: "0.00002", ETH: "0.0004", EUR: "0.92", USD: "1" } } }),
    },
    { method: "GET", path: "/api/v3/brokerage/market/products", auth: "public", handle: products },
    {
      method: "GET",
      path: "/api/v3/brokerage/transaction_summary",
      auth: "private",
      handle: () =>
        json({
          total_volume: 0,
          total_fees: 0,
          fee_tier: { pricing_tier: "Advanced 1", usd_from: "0", usd_to: "1000", taker_fee_rate: "0.012", maker_fee_rate: "0.006" },
          margin_rate: null,
          goods_and_services_tax: null,
          advanced_trade_only_volume: 0,
          advanced_trade_only_fees: 0,
          coinbase_pro_volume: 0,
          coinbase_pro_fees: 0,
        }),
    },
    { method: "GET", path: "/v2/accounts", auth: "private", handle: accounts },
    { method: "GET", path: "/api/v3/brokerage/key_permissions", auth: "private", handle: keyPermissions },
  ],
  errors: {
    invalidKey: () => UNAUTHORIZED,
    revokedKey: () => UNAUTHORIZED,
    ipBlocked: () => UNAUTHORIZED,
    rateLimited: () => json({ error: "rate_limit_exceeded", error_details: "Too many requests", message: "Too many requests" }, 429),
    down: () => ({ status: 503, body: "Service Unavailable" }),
    notFound: () => json({ error: "NOT_FOUND", error_details: "Not Found", message: "Not Found" }, 404),
  },
};
