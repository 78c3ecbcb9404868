import Decimal from "decimal.js";
import { total } from "../dataset";
import { HISTORY_IDS, MARKET_ID, MOCK_MARKETS } from "../history-ids";
import { mockPassphraseFor, mockSecretFor } from "../keys";
import { json, type ExchangeMock, type MockReply, type MockRequest, type RouteContext } from "../types";
import { history, intParam, splitSymbol, symbolOf } from "./history";
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

// ---------------------------------------------------------------------------
// History (notes, "OKX" → History). Lists are newest first, at most 100 per
// request (default 100). fills-history pages by bill id (`after` = older
// than, `before` = newer than) within `begin`/`end` (ms) and only covers the
// last 3 months; deposit/withdrawal history and funding bills page by
// timestamp (`after` = earlier than ts, `before` = later than ts).

const DAY = 86_400_000;
const bad = (msg: string) => fail("51000", msg, 400);

interface Listed {
  /** Bill id or timestamp, whichever the endpoint pages by (all mock ids fit in a double). */
  key: number;
  tie: number;
  body(): Record<string, unknown>;
}

/** Newest first; `after`/`before` exclusive on the key; with only `before`, the `limit` rows just newer than it. Bodies are built for the returned rows only. */
function page(req: MockRequest, rows: Listed[]): MockReply {
  const limit = intParam(req.query.get("limit")) ?? 100;
  const after = intParam(req.query.get("after"));
  const before = intParam(req.query.get("before"));
  if (Number.isNaN(limit) || limit < 1 || limit > 100) return bad("Parameter limit error");
  if (Number.isNaN(after) || Number.isNaN(before)) return bad("Parameter after/before error");
  const list = rows.filter((r) => (after === undefined || r.key < after) && (before === undefined || r.key > before)).sort((a, b) => b.key - a.key || b.tie - a.tie);
  const picked = before !== undefined && after === undefined ? list.slice(-limit) : list.slice(0, limit);
  return ok(picked.map((r) => r.body()));
}

function fillsHistory({ req, dataset }: RouteContext): MockReply {
  if (req.query.get("instType") !== "SPOT") return ok([]);
  const instId = req.query.get("instId");
  const begin = intParam(req.query.get("begin"));
  const end = intParam(req.query.get("end"));
  if (Number.isNaN(begin) || Number.isNaN(end)) return bad("Parameter begin/end error");
  const oldest = Date.now() - 90 * DAY; // "last 3 months"; older fills need the archive
  const rows: Listed[] = history(dataset)
    .trades.filter((t) => t.time >= oldest && (begin === undefined || t.time >= begin) && (end === undefined || t.time <= end) && (!instId || symbolOf("okx", instId) === t.symbol))
    .map((t) => {
      const quote = splitSymbol(t.symbol)[1];
      return {
        key: Number(HISTORY_IDS.okx.tradeBill(t)),
        tie: 0,
        body: () => ({
          instType: "SPOT",
          instId: MARKET_ID.okx(t.symbol),
          tradeId: HISTORY_IDS.okx.trade(t),
          ordId: String(t.orderId),
          clOrdId: "",
          billId: HISTORY_IDS.okx.tradeBill(t),
          subType: t.side === "buy" ? "1" : "2",
          tag: "",
          fillPx: t.price,
          fillSz: t.amount,
          fillIdxPx: "",
          fillPnl: "0",
          fillPxVol: "",
          fillPxUsd: "",
          fillMarkVol: "",
          fillFwdPx: "",
          fillMarkPx: "",
          side: t.side,
          posSide: "net",
          execType: t.maker ? "M" : "T",
          feeCcy: quote,
          fee: new Decimal(t.fee).neg().toFixed(),
          ts: String(t.time),
          fillTime: String(t.time),
          feeRate: "-0.001",
          tradeQuoteCcy: quote,
        }),
      };
    });
  return page(req, rows);
}

function depositHistory({ req, dataset }: RouteContext): MockReply {
  const ccy = req.query.get("ccy");
  const rows: Listed[] = history(dataset)
    .deposits.filter((d) => !ccy || d.currency === ccy)
    .map((d) => ({
      key: d.time,
      tie: d.id,
      body: () => ({
        actualDepBlkConfirm: "12",
        amt: d.amount,
        areaCodeFrom: "",
        ccy: d.currency,
        chain: `${d.currency}-${d.network === "BTC" ? "Bitcoin" : "ERC20"}`,
        depId: HISTORY_IDS.okx.deposit(d),
        from: "",
        fromWdId: "",
        state: "2",
        to: d.address,
        ts: String(d.time),
        txId: d.txId,
      }),
    }));
  return page(req, rows);
}

function withdrawalHistory({ req, dataset }: RouteContext): MockReply {
  const ccy = req.query.get("ccy");
  const rows: Listed[] = history(dataset)
    .withdrawals.filter((w) => !ccy || w.currency === ccy)
    .map((w) => ({
      key: w.time,
      tie: w.id,
      body: () => ({
        chain: `${w.currency}-${w.network === "BTC" ? "Bitcoin" : "ERC20"}`,
        fee: w.fee,
        feeCcy: w.currency,
        ccy: w.currency,
        clientId: "",
        amt: w.amount,
        txId: w.txId,
        from: "",
        areaCodeFrom: "",
        to: w.address,
        areaCodeTo: "",
        state: "2",
        ts: String(w.time),
        nonTradableAsset: false,
        wdId: HISTORY_IDS.okx.withdrawal(w),
        toAddrType: "1",
      }),
    }));
  return page(req, rows);
}

/** Funding-account bills: deposits (type 1), withdrawals (type 2) and staking yield (type 83), as OKX books them. */
function assetBills({ req, dataset }: RouteContext): MockReply {
  const h = history(dataset);
  const ccy = req.query.get("ccy");
  const type = req.query.get("type");
  const bill = (billId: string, time: number, currency: string, balChg: string, billType: string): Listed & { ccy: string; type: string } => ({
    key: time,
    tie: Number(billId),
    ccy: currency,
    type: billType,
    body: () => ({ billId, ccy: currency, clientId: "", balChg, bal: "0", type: billType, ts: String(time), notes: "" }),
  });
  const rows = [
    ...h.deposits.map((d) => bill(HISTORY_IDS.okx.depositBill(d), d.time, d.currency, d.amount, "1")),
    ...h.withdrawals.map((w) => bill(HISTORY_IDS.okx.withdrawalBill(w), w.time, w.currency, new Decimal(w.amount).plus(w.fee).neg().toFixed(), "2")),
    ...h.rewards.map((r) => bill(HISTORY_IDS.okx.reward(r), r.time, r.currency, r.amount, "83")),
  ].filter((r) => (!ccy || r.ccy === ccy) && (!type || r.type === type));
  return page(req, rows);
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
        req.query.get("instType") === "SPOT" ? ok(MOCK_MARKETS.map((m) => instrument(...splitSymbol(m), "0.00000001", "0.00001"))) : ok([]),
    },
    { method: "GET", path: "/api/v5/trade/fills-history", auth: "private", category: "history", handle: fillsHistory },
    { method: "GET", path: "/api/v5/asset/deposit-history", auth: "private", category: "history", handle: depositHistory },
    { method: "GET", path: "/api/v5/asset/withdrawal-history", auth: "private", category: "history", handle: withdrawalHistory },
    { method: "GET", path: "/api/v5/asset/bills", auth: "private", category: "history", handle: assetBills },
    // Funding-account balances (fetchBalance({ type: "funding" })): the mock keeps everything in the trading account.
    { method: "GET", path: "/api/v5/asset/balances", auth: "private", handle: () => ok([]) },
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
