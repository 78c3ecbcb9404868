import { total } from "../dataset";
import { mockSecretFor } from "../keys";
import { json, type ExchangeMock, type MockReply, type MockRequest, type RouteContext } from "../types";
import { header, hmac, same } from "./util";

// Notes, "Bitstamp": auth v2 headers X-Auth "BITSTAMP <key>", X-Auth-Nonce,
// X-Auth-Timestamp, X-Auth-Version v2, X-Auth-Signature = hex HMAC-SHA256 of
// X-Auth + method + URL without "https://" + content type + nonce + timestamp
// + version + body. All private calls are POST; paths end with a slash.
// Bitstamp has no permission report: a call the key may not make answers
// "No permission found" (ccxt PermissionDenied).
const fail = (reason: string, status: number, code?: string): MockReply => json({ status: "error", reason, ...(code ? { code } : {}) }, status);
const NO_PERMISSION = () => fail("No permission found", 403);

function verify(req: MockRequest, apiKey: string): MockReply | undefined {
  const xAuth = header(req, "X-Auth");
  const nonce = header(req, "X-Auth-Nonce");
  const ts = header(req, "X-Auth-Timestamp");
  const version = header(req, "X-Auth-Version");
  if (!xAuth || !nonce || !ts || version !== "v2") return fail("Missing key, signature and nonce parameters", 403);
  const contentType = req.body ? (header(req, "Content-Type") ?? "") : "";
  // ccxt strips "https://" only, so against the mock the signed URL keeps "http://".
  const url = req.fullUrl.replace(/^https:\/\//, "");
  const message = xAuth + req.method + url + contentType + nonce + ts + version + req.body;
  const expected = hmac("sha256", mockSecretFor("bitstamp", apiKey), message, "hex");
  return same(header(req, "X-Auth-Signature"), expected) ? undefined : fail("Invalid signature", 403);
}

function market(base: string, quote: string, counterDecimals: number) {
  return {
    name: `${base}/${quote}`,
    market_symbol: `${base}${quote}`.toLowerCase(),
    base_currency: base,
    base_decimals: 8,
    counter_currency: quote,
    counter_decimals: counterDecimals,
    minimum_order_value: "10",
    trading: "Enabled",
    instant_order_counter_decimals: 2,
    instant_and_market_orders: "Enabled",
    description: `${base} / ${quote}`,
    market_type: "SPOT",
  };
}

function accountBalances({ dataset }: RouteContext): MockReply {
  return json(
    Object.entries(dataset.balances).map(([code, b]) => ({ currency: code.toLowerCase(), total: total(b), available: b.free, reserved: b.used })),
  );
}

export const bitstamp: ExchangeMock = {
  id: "bitstamp",
  apiKeyOf: (req) => /^BITSTAMP (.+)$/.exec(header(req, "X-Auth") ?? "")?.[1],
  verify,
  routes: [
    { method: "GET", path: "/api/v2/markets/", auth: "public", handle: () => json([market("BTC", "USD", 0), market("ETH", "USD", 1), market("ETH", "BTC", 8)]) },
    { method: "POST", path: "/api/v2/account_balances/", auth: "private", handle: accountBalances },
    { method: "POST", path: "/api/v2/user_transactions/", auth: "private", handle: () => json([]) },
    // The read-only probes (notes, "Bitstamp"): both are side-effect-free listings guarded by the order / withdrawal permissions.
    { method: "POST", path: "/api/v2/open_orders/all/", auth: "private", handle: ({ grants }) => (grants.trade ? json([]) : NO_PERMISSION()) },
    { method: "POST", path: "/api/v2/withdrawal-requests/", auth: "private", handle: ({ grants }) => (grants.withdraw ? json([]) : NO_PERMISSION()) },
  ],
  errors: {
    // Bitstamp says "API key not found" for unknown and deleted keys alike.
    invalidKey: () => fail("API key not found", 403),
    revokedKey: () => fail("API key not found", 403),
    ipBlocked: () => fail("IP address not allowed", 403),
    rateLimited: () => fail("Rate limit exceeded", 429),
    down: () => json({ error: "Bitstamp.net is under scheduled maintenance. We'll be back soon." }, 503),
    notFound: () => ({ status: 404, body: "Not Found" }),
  },
};
