import { total } from "../dataset";
import { mockPassphraseFor, mockSecretFor } from "../keys";
import { json, type ExchangeMock, type MockReply, type MockRequest, type RouteContext } from "../types";
import { header, hmac, same } from "./util";

// Notes, "OKX": OK-ACCESS-SIGN = base64(HMAC-SHA256(secret, timestamp + method
// + requestPath + body)); envelope {"code":"0","msg":"","data":[...]}; auth
// errors are HTTP 401 with codes 501xx.
const fail = (code: string, msg: string, status: number): MockReply => json({ code, msg, data: [] }, status);
const ok = (data: unknown[]): MockReply => json({ code: "0", msg: "", data });

function verify(req: MockRequest, apiKey: string): MockReply | undefined {
  const ts = header(req, "OK-ACCESS-TIMESTAMP");
  if (!ts || Number.isNaN(Date.parse(ts))) return fail("50107", 'Request header "OK-ACCESS-TIMESTAMP" cannot be blank.', 401);
  if (!same(header(req, "OK-ACCESS-PASSPHRASE"), mockPassphraseFor(apiKey))) return fail("50105", 'Request header "OK-ACCESS-PASSPHRASE" incorrect.', 401);
  const expected = hmac("sha256", mockSecretFor("okx", apiKey), ts + req.method + req.pathWithQuery + req.body, "base64");
  return same(header(req, "OK-ACCESS-SIGN"), expected) ? undefined : fail("50113", "Invalid Sign", 401);
}

function instrument(base: string, quote: string, lotSz: string, tickSz: string) {
  return {
    instType: "SPOT",
    instId: `${base}-${quote}`,
    uly: "",
    instFamily: "",
    baseCcy: base,
    quoteCcy: quote,
    settleCcy: "",
    ctValCcy: "",
    ctVal: "",
    ctMult: "",
    ctType: "",
    optType: "",
    stk: "",
    listTime: "1606468572000",
    expTime: "",
    lever: "10",
    tickSz,
    lotSz,
    minSz: lotSz,
    alias: "",
    state: "live",
    maxLmtSz: "9999999999",
    maxMktSz: "1000000",
    maxTwapSz: "9999999999",
    maxIcebergSz: "9999999999",
    maxTriggerSz: "9999999999",
    maxStopSz: "1000000",
    ruleType: "normal",
  };
}

/** Field `perm`: comma-separated read_only / trade / withdraw (notes, "OKX"). */
function accountConfig({ grants }: RouteContext): MockReply {
  const perm = ["read_only", ...(grants.trade ? ["trade"] : []), ...(grants.withdraw ? ["withdraw"] : [])].join(",");
  return ok([
    {
      uid: "44705892343619584",
      mainUid: "44705892343619584",
      acctLv: "2",
      posMode: "net_mode",
      autoLoan: false,
      greeksType: "PA",
      level: "Lv1",
      levelTmp: "",
      ctIsoMode: "automatic",
      mgnIsoMode: "automatic",
      roleType: "0",
      spotRoleType: "0",
      opAuth: "0",
      kycLv: "3",
      label: "lotwise",
      ip: "",
      perm,
    },
  ]);
}

function balance({ dataset }: RouteContext): MockReply {
  return ok([
    {
      adjEq: "",
      imr: "",
      isoEq: "0",
      mgnRatio: "",
      mmr: "",
      notionalUsd: "",
      ordFroz: "",
      totalEq: "0",
      uTime: String(Date.now()),
      details: Object.entries(dataset.balances).map(([ccy, b]) => ({
        ccy,
        availBal: b.free,
        availEq: b.free,
        cashBal: total(b),
        frozenBal: b.used,
        ordFrozen: b.used,
        eq: total(b),
        eqUsd: "0",
        uTime: String(Date.now()),
      })),
    },
  ]);
}

export const okx: ExchangeMock = {
  id: "okx",
  apiKeyOf: (req) => header(req, "OK-ACCESS-KEY"),
  verify,
  routes: [
    { method: "GET", path: "/api/v5/public/time", auth: "public", handle: () => ok([{ ts: String(Date.now()) }]) },
    {
      method: "GET",
      path: "/api/v5/public/instruments",
      auth: "public",
      handle: (req) =>
        req.query.get("instType") === "SPOT"
          ? ok([instrument("BTC", "USDT", "0.00000001", "0.1"), instrument("ETH", "USDT", "0.000001", "0.01"), instrument("ETH", "BTC", "0.000001", "0.00001")])
          : ok([]),
    },
    { method: "GET", path: "/api/v5/asset/currencies", auth: "private", handle: () => ok([]) },
    { method: "GET", path: "/api/v5/account/balance", auth: "private", handle: balance },
    { method: "GET", path: "/api/v5/account/config", auth: "private", handle: accountConfig },
  ],
  errors: {
    invalidKey: () => fail("50111", "Invalid OK-ACCESS-KEY", 401),
    // OKX's answer for a deleted or expired key (and for a key from another OKX site).
    revokedKey: () => fail("50119", "API key doesn't exist", 401),
    ipBlocked: () => fail("50110", "Your IP 127.0.0.1 is not included in your API key's IP whitelist.", 401),
    rateLimited: () => fail("50011", "Too Many Requests", 429),
    down: () => fail("50001", "Service temporarily unavailable. Please try again later.", 503),
    notFound: () => fail("404", "Not Found", 404),
  },
};
