import { createHash } from "node:crypto";
import Decimal from "decimal.js";
import { total, type MockConversion, type MockDataset } from "../dataset";
import { HISTORY_IDS, KRAKEN_ASSETS, MARKET_ID, MOCK_MARKETS } from "../history-ids";
import { mockSecretFor } from "../keys";
import { hasOhlcvSeries, ohlcvCandles } from "../ohlcv";
import { json, type ExchangeMock, type MockReply, type MockRequest, type RouteContext } from "../types";
import { history, newestFirst, splitSymbol } from "./history";
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

const ASSETS = KRAKEN_ASSETS;

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

// ---------------------------------------------------------------------------
// History (notes, "Kraken" → History): TradesHistory and Ledgers list the
// newest rows first, 50 per request, `ofs` skips rows; `start` (exclusive)
// and `end` (inclusive) are unix seconds (fractions allowed); `count` is the
// total matching the filter. Times are seconds with 4 decimals.

const PAGE = 50;

interface Bounds {
  start?: number;
  end?: number;
  ofs: number;
}

function bounds(form: URLSearchParams): Bounds | MockReply {
  const num = (k: string) => {
    const v = form.get(k);
    if (v === null || v === "") return undefined;
    return /^\d+(\.\d+)?$/.test(v) ? Number.parseFloat(v) : Number.NaN;
  };
  const start = num("start");
  const end = num("end");
  const ofs = num("ofs") ?? 0;
  if ([start, end, ofs].some((v) => Number.isNaN(v))) return err("EGeneral:Invalid arguments");
  return { start, end, ofs };
}
const isReply = (x: Bounds | MockReply): x is MockReply => "status" in x;
const seconds = (ms: number) => Number((ms / 1000).toFixed(4));
const inBounds = (ms: number, b: Bounds) => (b.start === undefined || ms / 1000 > b.start) && (b.end === undefined || ms / 1000 <= b.end);
const assetId = (code: string) => ASSETS[code]?.id ?? code;
const ten = (d: Decimal.Value) => new Decimal(d).toFixed(10);

function tradesHistory({ req, dataset }: RouteContext): MockReply {
  const form = new URLSearchParams(req.body);
  const b = bounds(form);
  if (isReply(b)) return b;
  const rows = newestFirst(history(dataset).trades.filter((t) => inBounds(t.time, b)));
  const trades: Record<string, unknown> = {};
  for (const t of rows.slice(b.ofs, b.ofs + PAGE)) {
    trades[HISTORY_IDS.kraken.trade(t)] = {
      ordertxid: `O${t.orderId}-MOCK-ORDER`,
      postxid: "TKH2SE-M7IF5-CFI7LT",
      pair: MARKET_ID.kraken(t.symbol),
      time: seconds(t.time),
      type: t.side,
      ordertype: "limit",
      price: t.price,
      cost: t.cost,
      fee: t.fee,
      vol: t.amount,
      margin: "0.00000",
      leverage: "0",
      misc: "",
      trade_id: t.id,
      maker: t.maker,
    };
  }
  return ok({ trades, count: rows.length });
}

interface KrakenLedgerRow {
  id: string;
  time: number;
  seq: number;
  refid: string;
  type: string;
  asset: string;
  amount: Decimal;
  fee: Decimal;
}

/**
 * The ledger a Kraken account would show for the dataset: two rows per trade
 * (the fee on the quote leg), one per transfer and reward, and two per
 * conversion (`spend` in the asset paid, `receive` with the fee in the asset
 * bought, one refid).
 */
const ledgerCache = new WeakMap<MockDataset, { key: string; rows: KrakenLedgerRow[] }>();

function ledgerRows(ds: MockDataset): KrakenLedgerRow[] {
  const h = history(ds);
  // Built once per dataset version: a sync asks for hundreds of 50-row pages.
  const key = [h.trades.length, h.deposits.length, h.withdrawals.length, h.rewards.length, ds.conversions?.length ?? 0].join(":");
  const cached = ledgerCache.get(ds);
  if (cached?.key === key) return cached.rows;
  const rows = buildLedgerRows(h, ds.conversions ?? []);
  ledgerCache.set(ds, { key, rows });
  return rows;
}

function buildLedgerRows(h: ReturnType<typeof history>, conversions: readonly MockConversion[]): KrakenLedgerRow[] {
  const rows: KrakenLedgerRow[] = [];
  for (const t of h.trades) {
    const [base, quote] = splitSymbol(t.symbol);
    const sign = t.side === "buy" ? 1 : -1;
    const refid = HISTORY_IDS.kraken.trade(t);
    rows.push({ id: HISTORY_IDS.kraken.tradeLedger(t, "base"), time: t.time, seq: t.id * 2, refid, type: "trade", asset: base, amount: new Decimal(t.amount).mul(sign), fee: new Decimal(0) });
    rows.push({ id: HISTORY_IDS.kraken.tradeLedger(t, "quote"), time: t.time, seq: t.id * 2 + 1, refid, type: "trade", asset: quote, amount: new Decimal(t.cost).mul(-sign), fee: new Decimal(t.fee) });
  }
  for (const d of h.deposits) rows.push({ id: HISTORY_IDS.kraken.deposit(d), time: d.time, seq: d.id, refid: `FD${d.id}`, type: "deposit", asset: d.currency, amount: new Decimal(d.amount), fee: new Decimal(0) });
  for (const w of h.withdrawals) rows.push({ id: HISTORY_IDS.kraken.withdrawal(w), time: w.time, seq: w.id, refid: `FW${w.id}`, type: "withdrawal", asset: w.currency, amount: new Decimal(w.amount).neg(), fee: new Decimal(w.fee) });
  for (const r of h.rewards) rows.push({ id: HISTORY_IDS.kraken.reward(r), time: r.time, seq: r.id, refid: `FS${r.id}`, type: "staking", asset: r.currency, amount: new Decimal(r.amount), fee: new Decimal(0) });
  for (const c of conversions) {
    const refid = HISTORY_IDS.kraken.conversion(c);
    rows.push({ id: HISTORY_IDS.kraken.conversionLedger(c, "spend"), time: c.time, seq: c.id * 2, refid, type: "spend", asset: c.from, amount: new Decimal(c.fromAmount).neg(), fee: new Decimal(0) });
    rows.push({ id: HISTORY_IDS.kraken.conversionLedger(c, "receive"), time: c.time, seq: c.id * 2 + 1, refid, type: "receive", asset: c.to, amount: new Decimal(c.toAmount), fee: new Decimal(c.fee) });
  }
  return rows.sort((a, b) => b.time - a.time || b.seq - a.seq);
}

function ledgers({ req, dataset }: RouteContext): MockReply {
  const form = new URLSearchParams(req.body);
  const b = bounds(form);
  if (isReply(b)) return b;
  const type = form.get("type") ?? "all";
  const assets = form.get("asset")?.split(",");
  const rows = ledgerRows(dataset).filter((r) => inBounds(r.time, b) && (type === "all" || r.type === type) && (!assets || assets.includes(assetId(r.asset))));
  const ledger: Record<string, unknown> = {};
  for (const r of rows.slice(b.ofs, b.ofs + PAGE)) {
    ledger[r.id] = { refid: r.refid, time: seconds(r.time), type: r.type, subtype: "", aclass: "currency", asset: assetId(r.asset), amount: ten(r.amount), fee: ten(r.fee), balance: ten(0) };
  }
  return ok({ ledger, count: rows.length });
}

/** GET /0/public/OHLC: `interval` in minutes; at most the 720 most recent candles, from `since` (seconds). */
function ohlc(req: MockRequest): MockReply {
  const pairId = req.query.get("pair") ?? "";
  const sym = MOCK_MARKETS.find((m) => MARKET_ID.kraken(m) === pairId || pair(...splitSymbol(m), "0", "0")[1].altname === pairId);
  if (!sym || !hasOhlcvSeries(sym)) return err("EQuery:Unknown asset pair");
  const minutes = Number.parseInt(req.query.get("interval") ?? "1", 10);
  if (![1, 5, 15, 30, 60, 240, 1440, 10080, 21600].includes(minutes)) return err("EGeneral:Invalid arguments");
  const tf = minutes * 60_000;
  const now = Date.now();
  const since = Number.parseInt(req.query.get("since") ?? "0", 10) * 1000;
  const candles = ohlcvCandles(sym, tf, Math.max(since, now - 720 * tf), now);
  return ok({
    [MARKET_ID.kraken(sym)]: candles.map((c) => [c.time / 1000, c.open, c.high, c.low, c.close, c.close, c.volume, 100]),
    last: candles.length > 0 ? (candles.at(-1) as { time: number }).time / 1000 : Math.floor(now / 1000),
  });
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
      handle: () => ok(Object.fromEntries(MOCK_MARKETS.map((m) => pair(...splitSymbol(m), "0.0001", "0.00001")))),
    },
    { method: "GET", path: "/0/public/OHLC", auth: "public", category: "ohlcv", handle: ohlc },
    { method: "POST", path: "/0/private/TradesHistory", auth: "private", category: "history", handle: tradesHistory },
    { method: "POST", path: "/0/private/Ledgers", auth: "private", category: "history", handle: ledgers },
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
