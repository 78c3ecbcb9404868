import { total } from "../dataset";
import { mockSecretFor } from "../keys";
import { json, type ExchangeMock, type MockReply, type MockRequest, type RouteContext } from "../types";
import { header, hmac, same } from "./util";

// Notes, "Gemini": every private call is a POST whose parameters travel in
// X-GEMINI-PAYLOAD = base64(JSON {request, nonce, ...}); X-GEMINI-SIGNATURE =
// hex HMAC-SHA384(secret, payload). Errors: {"result":"error","reason":...}.
const fail = (reason: string, message: string, status: number): MockReply => json({ result: "error", reason, message }, status);

function verify(req: MockRequest, apiKey: string): MockReply | undefined {
  const payload = header(req, "X-GEMINI-PAYLOAD");
  const signature = header(req, "X-GEMINI-SIGNATURE");
  if (!payload) return fail("MissingPayloadHeader", "The X-GEMINI-PAYLOAD header was missing", 400);
  if (!signature) return fail("MissingSignatureHeader", "The X-GEMINI-SIGNATURE header was missing", 400);
  let decoded: { request?: unknown; nonce?: unknown };
  try {
    decoded = JSON.parse(Buffer.from(payload, "base64").toString("utf8")) as typeof decoded;
  } catch {
    return fail("InvalidJson", "The JSON provided is invalid", 400);
  }
  if (decoded.request !== req.path) return fail("EndpointMismatch", "EndpointMismatch", 400);
  if (decoded.nonce === undefined) return fail("InvalidNonce", "Nonce missing", 400);
  const expected = hmac("sha384", mockSecretFor("gemini", apiKey), payload, "hex");
  return same(signature, expected) ? undefined : fail("InvalidSignature", "InvalidSignature", 400);
}

/** POST /v1/roles (notes, "Gemini"): Auditor cannot be combined with other roles. */
function roles({ grants }: RouteContext): MockReply {
  const writer = grants.trade || grants.withdraw;
  return json({ isAuditor: !writer, isFundManager: grants.withdraw, isTrader: grants.trade, counterparty_id: "ABCD1234" });
}

function balances({ dataset }: RouteContext): MockReply {
  return json(
    Object.entries(dataset.balances).map(([currency, b]) => ({
      type: "exchange",
      currency,
      amount: total(b),
      available: b.free,
      availableForWithdrawal: b.free,
    })),
  );
}

export const gemini: ExchangeMock = {
  id: "gemini",
  apiKeyOf: (req) => header(req, "X-GEMINI-APIKEY"),
  verify,
  routes: [
    { method: "GET", path: "/v1/symbols", auth: "public", handle: () => json(["btcusd", "ethusd", "ethbtc"]) },
    { method: "POST", path: "/v1/balances", auth: "private", handle: balances },
    { method: "POST", path: "/v1/roles", auth: "private", handle: roles },
  ],
  errors: {
    // Gemini answers InvalidApiKey for unknown and removed keys alike.
    invalidKey: () => fail("InvalidApiKey", "Invalid API key", 400),
    revokedKey: () => fail("InvalidApiKey", "Invalid API key", 400),
    ipBlocked: () => fail("InvalidApiKey", "Invalid API key", 400),
    rateLimited: () => fail("RateLimit", "Requests were made too frequently. See Rate Limits below.", 429),
    down: () => fail("Maintenance", "The Gemini Exchange is currently undergoing maintenance. Please check https://status.gemini.com/ for more information.", 503),
    notFound: () => fail("EndpointNotFound", "API entry point `/v1/unknown` not found", 404),
  },
};
