import { createHash } from "node:crypto";
import { total } from "../dataset";
import { mockSecretFor } from "../keys";
import { json, type ExchangeMock, type MockReply, type MockRequest, type RouteContext } from "../types";
import { header, hmac, same } from "./util";

// Notes, "Kraken": POST form bodies with a nonce; API-Sign =
// base64(HMAC-SHA512(base64decode(secret), path + SHA256(nonce + body))).
// Errors come as {"error":[...]} and mostly with HTTP 200. Kraken says
// "EAPI:Invalid key" for unknown, deleted and (as far as documented)
// IP-restricted keys alike.
const err = (code: string, status = 200): MockReply => json({ error: [code] }, status);
const ok = (result: unknown): MockReply => json({ error: [], result });
const PERMISSION_DENIED = () => err("EGeneral:Permission denied");

function verify(req: MockRequest, apiKey: string): MockReply | undefined {
  const nonce = new URLSearchParams(req.body).get("nonce");
  if (!nonce) return err("EAPI:Invalid nonce");
  const secret = Buffer.from(mockSecretFor("kraken", apiKey), "base64");
  const digest = createHash("sha256").update(nonce + req.body).digest();
  const expected = hmac("sha512", secret, Buffer.concat([Buffer.from(req.path), digest]), "base64");
  return same(header(req, "API-Sign"), expected) ? undefined : err("EAPI:Invalid signature");
}

/** Kraken's own asset ids (notes: XBT → BTC via /0/public/Assets). */
const ASSETS: Record<string, { id: string; altname: string; decimals: number }> = {
  BTC: { id: "XXBT", altname: "XBT", decimals: 10 },
  ETH: { id: "XETH", altname: "ETH", decimals: 10 },
  USD: { id: "ZUSD", altname: "USD", decimals: 4 },
  EUR: { id: "ZEUR", altname: "EUR", decimals: 4 },
  USDT: { id: "USDT", altname: "USDT", decimals: 8 },
};

function pair(base: string, quote: string, ordermin: string, tick: string) {
  const b = ASSETS[base] as (typeof ASSETS)[string];
  const q = ASSETS[quote] as (typeof ASSETS)[string];
  return [
    `${b.id}${q.id}`,
    {
      altname: `${b.altname}${q.altname}`,
      wsname: `${b.altname}/${q.altname}`,
      aclass_base: "currency",
      base: b.id,
      aclass_quote: "currency",
      quote: q.id,
      lot: "unit",
      cost_decimals: 5,
      pair_decimals: 1,
      lot_decimals: 8,
      lot_multiplier: 1,
      leverage_buy: [],
      leverage_sell: [],
      fees: [[0, 0.4]],
      fees_maker: [[0, 0.25]],
      fee_volume_currency: "ZUSD",
      margin_call: 80,
      margin_stop: 40,
      ordermin,
      costmin: "0.5",
      tick_size: tick,
      status: "online",
    },
  ] as const;
}

function balanceEx({ dataset }: RouteContext): MockReply {
  const result: Record<string, { balance: string; hold_trade: string }> = {};
  for (const [code, b] of Object.entries(dataset.balances)) {
    const id = ASSETS[code]?.id ?? code;
    // Kraken's "balance" is the total; "hold_trade" is the part in open orders.
    result[id] = { balance: total(b), hold_trade: b.used };
  }
  return ok(result);
}

export const kraken: ExchangeMock = {
  id: "kraken",
  apiKeyOf: (req) => header(req, "API-Key"),
  verify,
  routes: [
    { method: "GET", path: "/0/public/Time", auth: "public", handle: () => ok({ unixtime: Math.floor(Date.now() / 1000), rfc1123: new Date().toUTCString() }) },
    {
      method: "GET",
      path: "/0/public/Assets",
      auth: "public",
      handle: () =>
        ok(
          Object.fromEntries(
            Object.values(ASSETS).map((a) => [a.id, { aclass: "currency", altname: a.altname, decimals: a.decimals, display_decimals: 5, status: "enabled" }]),
          ),
        ),
    },
    {
      method: "GET",
      path: "/0/public/AssetPairs",
      auth: "public",
      handle: () => ok(Object.fromEntries([pair("BTC", "USD", "0.0001", "0.1"), pair("ETH", "USD", "0.002", "0.01"), pair("ETH", "BTC", "0.002", "0.00001")])),
    },
    { method: "POST", path: "/0/private/BalanceEx", auth: "private", handle: balanceEx },
    // Read-only probes (notes, "Kraken"): a validate-only AddOrder and WithdrawMethods must be refused.
    {
      method: "POST",
      path: "/0/private/AddOrder",
      auth: "private",
      handle: ({ grants, req }) => {
        if (!grants.trade) return PERMISSION_DENIED();
        const form = new URLSearchParams(req.body);
        // The mock never "submits": without validate=true it answers like an unfunded account.
        if (form.get("validate") !== "true") return err("EOrder:Insufficient funds");
        return ok({ descr: { order: `${form.get("type")} ${form.get("volume")} ${form.get("pair")} @ limit ${form.get("price")}` } });
      },
    },
    {
      method: "POST",
      path: "/0/private/WithdrawMethods",
      auth: "private",
      handle: ({ grants }) =>
        grants.withdraw ? ok([{ asset: "XXBT", method: "Bitcoin", network: "Bitcoin", minimum: "0.0004", limit: false, fee: "0.0001" }]) : PERMISSION_DENIED(),
    },
  ],
  errors: {
    invalidKey: () => err("EAPI:Invalid key"),
    revokedKey: () => err("EAPI:Invalid key"),
    ipBlocked: () => err("EAPI:Invalid key"),
    rateLimited: () => err("EAPI:Rate limit exceeded", 429),
    down: () => err("EService:Unavailable", 503),
    notFound: () => err("EGeneral:Unknown method", 404),
  },
};
