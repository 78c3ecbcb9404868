import Decimal from "decimal.js";
import { total, type MockDataset } from "../dataset";
import { HISTORY_IDS, MOCK_MARKETS } from "../history-ids";
import { mockSecretFor } from "../keys";
import { hasOhlcvSeries, ohlcvCandles } from "../ohlcv";
import { json, type ExchangeMock, type MockReply, type MockRequest, type RouteContext } from "../types";
import { history, intParam, splitSymbol, symbolOf } from "./history";
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

// ---------------------------------------------------------------------------
// History (notes, "Bitstamp" → History): one list, POST /api/v2/user_transactions/
// (or /{pair}/ for that market's trades), types 0 deposit, 1 withdrawal,
// 2 market trade, 27 staking reward. Amounts sit under lower-case currency
// keys (negative = out), the price under "<base>_<quote>". `sort` desc by
// default, `offset`, `limit` ≤ 1000 (default 100), `since_id` (inclusive;
// forces limit 1000), `since_timestamp` at most 30 days back.

interface UserTx {
  id: number;
  row: () => Record<string, unknown>;
  symbol?: string;
}

const micro = (ms: number) => `${new Date(ms).toISOString().replace("T", " ").replace("Z", "")}000`;

const txCache = new WeakMap<MockDataset, { key: string; list: UserTx[] }>();

function userTxList(ds: MockDataset): UserTx[] {
  const h = history(ds);
  const key = [h.trades.length, h.deposits.length, h.withdrawals.length, h.rewards.length].join(":");
  const cached = txCache.get(ds);
  if (cached?.key === key) return cached.list;
  const list: UserTx[] = [];
  const lc = (c: string) => c.toLowerCase();
  for (const t of h.trades) {
    const [base, quote] = splitSymbol(t.symbol);
    const sign = t.side === "buy" ? 1 : -1;
    const id = Number(HISTORY_IDS.bitstamp.trade(t));
    list.push({
      id,
      symbol: t.symbol,
      row: () => ({
        id,
        datetime: micro(t.time),
        type: "2",
        fee: t.fee,
        order_id: t.orderId,
        [lc(base)]: new Decimal(t.amount).mul(sign).toFixed(),
        [lc(quote)]: new Decimal(t.cost).mul(-sign).toFixed(),
        [`${lc(base)}_${lc(quote)}`]: t.price,
      }),
    });
  }
  const transfer = (id: number, time: number, type: string, currency: string, amount: Decimal.Value, fee: string) =>
    list.push({ id, row: () => ({ id, datetime: micro(time), type, fee, [lc(currency)]: new Decimal(amount).toFixed() }) });
  for (const d of h.deposits) transfer(Number(HISTORY_IDS.bitstamp.deposit(d)), d.time, "0", d.currency, d.amount, "0.00000000");
  for (const w of h.withdrawals) transfer(Number(HISTORY_IDS.bitstamp.withdrawal(w)), w.time, "1", w.currency, new Decimal(w.amount).neg(), w.fee);
  for (const r of h.rewards) transfer(Number(HISTORY_IDS.bitstamp.reward(r)), r.time, "27", r.currency, r.amount, "0.00000000");
  list.sort((a, b) => a.id - b.id);
  txCache.set(ds, { key, list });
  return list;
}

function userTransactions({ req, dataset }: RouteContext): MockReply {
  const form = new URLSearchParams(req.body);
  const pairId = /^\/api\/v2\/user_transactions\/([a-z]+)\/$/.exec(req.path)?.[1];
  const pair = pairId ? symbolOf("bitstamp", pairId) : undefined;
  if (pairId && !pair) return json({ status: "error", reason: "Invalid currency pair", code: "API0005" }, 400);
  const sinceId = intParam(form.get("since_id"));
  const sinceTs = intParam(form.get("since_timestamp"));
  let limit = intParam(form.get("limit")) ?? 100;
  const offset = intParam(form.get("offset")) ?? 0;
  if ([sinceId, sinceTs, limit, offset].some((v) => Number.isNaN(v)) || limit < 1 || limit > 1000 || offset > 200_000) return json({ status: "error", reason: "Invalid parameters", code: "API0003" }, 400);
  if (sinceTs !== undefined && sinceTs * 1000 < Date.now() - 30 * 86_400_000) return json({ status: "error", reason: "since_timestamp is more than 30 days in the past", code: "API0003" }, 400);
  if (sinceId !== undefined) limit = 1000;
  let list = userTxList(dataset).filter((t) => (!pair || t.symbol === pair) && (sinceId === undefined || t.id >= sinceId) && (sinceTs === undefined || t.id >= sinceTs * 1_000_000));
  if (form.get("sort") !== "asc") list = [...list].reverse();
  return json(list.slice(offset, offset + limit).map((t) => t.row()));
}

const STEPS = new Set([60, 180, 300, 900, 1800, 3600, 7200, 14400, 21600, 43200, 86400, 259200]);

/** GET /api/v2/ohlc/{pair}/ (public): step in seconds, start/end unix seconds, limit ≤ 1000, oldest first. */
function ohlc(req: MockRequest): MockReply {
  const pairId = /^\/api\/v2\/ohlc\/([a-z]+)\/$/.exec(req.path)?.[1];
  const sym = symbolOf("bitstamp", pairId);
  const step = intParam(req.query.get("step"));
  const limit = Math.min(intParam(req.query.get("limit")) ?? 1000, 1000);
  if (!sym || !hasOhlcvSeries(sym)) return json({ status: "error", reason: "Invalid currency pair", code: "API0005" }, 400);
  if (step === undefined || !STEPS.has(step)) return json({ status: "error", reason: "Invalid step", code: "API0003" }, 400);
  const tf = step * 1000;
  const end = (intParam(req.query.get("end")) ?? Math.floor(Date.now() / 1000)) * 1000;
  const start = intParam(req.query.get("start"));
  const candles = start !== undefined ? ohlcvCandles(sym, tf, start * 1000, end).slice(0, limit) : ohlcvCandles(sym, tf, end - limit * tf, end).slice(-limit);
  return json({
    data: {
      pair: sym,
      ohlc: candles.map((c) => ({ timestamp: String(c.time / 1000), open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume })),
    },
  });
}

export const bitstamp: ExchangeMock = {
  id: "bitstamp",
  apiKeyOf: (req) => /^BITSTAMP (.+)$/.exec(header(req, "X-Auth") ?? "")?.[1],
  verify,
  routes: [
    {
      method: "GET",
      path: "/api/v2/markets/",
      auth: "public",
      handle: () => json(MOCK_MARKETS.map((m) => { const [b, q] = splitSymbol(m); return market(b, q, q === "BTC" || q === "ETH" ? 8 : 2); })),
    },
    { method: "GET", path: /^\/api\/v2\/ohlc\/[a-z]+\/$/, auth: "public", category: "ohlcv", handle: ohlc },
    { method: "POST", path: "/api/v2/account_balances/", auth: "private", handle: accountBalances },
    { method: "POST", path: /^\/api\/v2\/user_transactions\/([a-z]+\/)?$/, auth: "private", category: "history", handle: userTransactions },
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
