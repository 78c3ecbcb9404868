import Decimal from "decimal.js";
import { total, type MockDataset } from "../dataset";
import { HISTORY_IDS, MARKET_ID, MOCK_MARKETS } from "../history-ids";
import { mockPassphraseFor, mockSecretFor } from "../keys";
import { json, type ExchangeMock, type MockReply, type MockRequest, type RouteContext } from "../types";
import { history, intParam, splitSymbol, symbolOf } from "./history";
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

/** Every mock market (KuCoin lists no fiat quotes, but the mock keeps one market list for all exchanges). */
const SYMBOLS = MOCK_MARKETS.map((m) => {
  const [base, quote] = splitSymbol(m);
  return [base, quote, "0.00000001", quote === "BTC" || quote === "ETH" ? "0.000001" : "0.01"] as const;
});
const CURRENCIES = [...new Set([...MOCK_MARKETS.flatMap(splitSymbol), "KCS", "BNB"])].sort();

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

// ---------------------------------------------------------------------------
// History (notes, "KuCoin"; KuCoin API docs "List Fills", "Get HF Filled
// List", "Get Account Ledgers", "Get Deposit List", "Get Withdrawals List").
// Lists are newest first. Classic lists page with currentPage/pageSize
// (10..500, default 50); the HF fills page with lastId (rows with a smaller
// id) and limit (≤ 100). Ranges: fills ≤ 7×24 h; ledger ≤ 24 h and only the
// last year; deposits/withdrawals default to the last month.

const DAY = 86_400_000;
const bad = (msg: string): MockReply => fail("400100", msg, 400);

interface Range {
  start: number;
  end: number;
}

/** startAt/endAt with KuCoin's rule: one given, the other is derived `span` away; none: the last `span`. */
function range(req: MockRequest, span: number, maxSpan: number): Range | MockReply {
  const s = intParam(req.query.get("startAt"));
  const e = intParam(req.query.get("endAt"));
  if (Number.isNaN(s) || Number.isNaN(e)) return bad("startAt or endAt is invalid");
  const end = e ?? (s !== undefined ? s + span : Date.now());
  const start = s ?? end - span;
  if (end - start > maxSpan) return bad("not in the given range!");
  return { start, end };
}
const isReply = (x: unknown): x is MockReply => typeof x === "object" && x !== null && "status" in x && "body" in x;

/** currentPage/pageSize over a newest-first list, in KuCoin's page envelope. */
function paged<T>(req: MockRequest, rows: readonly T[], body: (r: T) => unknown): MockReply {
  const currentPage = intParam(req.query.get("currentPage")) ?? 1;
  const pageSize = intParam(req.query.get("pageSize")) ?? 50;
  if (Number.isNaN(currentPage) || Number.isNaN(pageSize) || currentPage < 1 || pageSize < 10 || pageSize > 500) return bad("pageSize or currentPage is invalid");
  const items = rows.slice((currentPage - 1) * pageSize, currentPage * pageSize).map(body);
  return ok({ currentPage, pageSize, totalNum: rows.length, totalPage: Math.ceil(rows.length / pageSize), items });
}

const newestFirst = <T extends { time: number; id: number }>(rows: readonly T[]) => [...rows].sort((a, b) => b.time - a.time || b.id - a.id);

function fillBody(t: ReturnType<typeof history>["trades"][number], hf: boolean) {
  const quote = splitSymbol(t.symbol)[1];
  return {
    ...(hf ? { id: 2_678_765_568 + t.id } : {}),
    symbol: MARKET_ID.kucoin(t.symbol),
    tradeId: hf ? Number(HISTORY_IDS.kucoin.hfTrade(t)) : HISTORY_IDS.kucoin.trade(t),
    orderId: `5c35c027${String(t.orderId).padStart(16, "0")}`,
    counterOrderId: "5c1ab46003aa676e487fa8e3",
    side: t.side,
    liquidity: t.maker ? "maker" : "taker",
    forceTaker: false,
    price: t.price,
    size: t.amount,
    funds: t.cost,
    fee: t.fee,
    feeRate: "0.001",
    feeCurrency: quote,
    stop: "",
    tradeType: "TRADE",
    type: "limit",
    createdAt: t.time,
  };
}

/** GET /api/v1/fills (classic account): symbol optional, ≤ 7 days, page envelope. An HF account's fills are not here. */
function fills({ req, dataset }: RouteContext): MockReply {
  const r = range(req, 7 * DAY, 7 * DAY);
  if (isReply(r)) return r;
  const symbolId = req.query.get("symbol");
  const sym = symbolId ? symbolOf("kucoin", symbolId) : undefined;
  if (symbolId && !sym) return bad("symbol not exists");
  const rows = dataset.flags?.kucoinHf ? [] : newestFirst(history(dataset).trades.filter((t) => t.time >= r.start && t.time <= r.end && (!sym || t.symbol === sym)));
  return paged(req, rows, (t) => fillBody(t, false));
}

/** GET /api/v1/hf/fills: symbol mandatory, ≤ 7 days, lastId + limit (≤ 100, default 20); `lastId` of the answer is its last row's id. */
function hfFills({ req, dataset }: RouteContext): MockReply {
  const sym = symbolOf("kucoin", req.query.get("symbol"));
  if (!sym) return bad("symbol is required");
  const r = range(req, 7 * DAY, 7 * DAY);
  if (isReply(r)) return r;
  const limit = intParam(req.query.get("limit")) ?? 20;
  const lastId = intParam(req.query.get("lastId"));
  if (Number.isNaN(limit) || limit < 1 || limit > 100 || Number.isNaN(lastId)) return bad("limit or lastId is invalid");
  const rows = dataset.flags?.kucoinHf
    ? history(dataset)
        .trades.filter((t) => t.symbol === sym && t.time >= r.start && t.time <= r.end)
        .map((t) => fillBody(t, true))
        .filter((b) => lastId === undefined || (b.id as number) < lastId)
        .sort((a, b) => (b.id as number) - (a.id as number))
    : [];
  const items = rows.slice(0, limit);
  return ok({ items, lastId: items.at(-1)?.id ?? 0 });
}

function transferList(kind: "deposit" | "withdrawal") {
  return ({ req, dataset }: RouteContext): MockReply => {
    const r = range(req, 31 * DAY, Number.POSITIVE_INFINITY);
    if (isReply(r)) return r;
    const currency = req.query.get("currency");
    const h = history(dataset);
    const list = newestFirst((kind === "deposit" ? h.deposits : h.withdrawals).filter((x) => x.time >= r.start && x.time <= r.end && (!currency || x.currency === currency)));
    return paged(req, list, (x) => ({
      ...(kind === "withdrawal" ? { id: HISTORY_IDS.kucoin.withdrawal(x) } : {}),
      currency: x.currency,
      chain: x.network.toLowerCase(),
      status: "SUCCESS",
      address: x.address,
      memo: "",
      isInner: false,
      amount: x.amount,
      fee: x.fee,
      // A deposit's walletTxId is hash@address@index; a withdrawal's the bare hash.
      walletTxId: kind === "deposit" ? HISTORY_IDS.kucoin.deposit(x) : x.txId.slice(2),
      createdAt: x.time,
      updatedAt: x.time + 30_000,
      remark: kind === "deposit" ? "Deposit" : "",
    }));
  };
}

interface LedgerRow {
  id: string;
  seq: number;
  time: number;
  currency: string;
  amount: Decimal;
  fee: Decimal;
  bizType: string;
  direction: "in" | "out";
  accountType: string;
  context: string;
}

const ledgerCache = new WeakMap<MockDataset, { key: string; rows: LedgerRow[] }>();

/**
 * The spot/margin ledger of the dataset: a row per deposit and withdrawal, two
 * per classic fill (Trade_Exchange legs), one per staking payout ("Staking
 * Profits") or Earn interest ("Soft Staking Profits"), two per conversion
 * ("Instant Exchange": the out leg, and the in leg that pays the fee).
 */
function ledgerRows(ds: MockDataset): LedgerRow[] {
  const h = history(ds);
  const conversions = ds.conversions ?? [];
  const key = [h.trades.length, h.deposits.length, h.withdrawals.length, h.rewards.length, conversions.length, ds.flags?.kucoinHf ? 1 : 0].join(":");
  const cached = ledgerCache.get(ds);
  if (cached?.key === key) return cached.rows;
  const rows: LedgerRow[] = [];
  const hex = (n: number) => n.toString(16).padStart(16, "0");
  for (const d of h.deposits) {
    rows.push({ id: `6a1d${hex(d.id)}0000`, seq: d.id, time: d.time, currency: d.currency, amount: new Decimal(d.amount), fee: new Decimal(0), bizType: "Deposit", direction: "in", accountType: "MAIN", context: JSON.stringify({ txId: HISTORY_IDS.kucoin.deposit(d) }) });
  }
  for (const w of h.withdrawals) {
    // The amount "includes fees".
    rows.push({ id: `6a2d${hex(w.id)}0000`, seq: w.id, time: w.time, currency: w.currency, amount: new Decimal(w.amount).plus(w.fee), fee: new Decimal(w.fee), bizType: "Withdrawal", direction: "out", accountType: "MAIN", context: JSON.stringify({ orderId: HISTORY_IDS.kucoin.withdrawal(w), txId: w.txId }) });
  }
  if (!ds.flags?.kucoinHf) {
    for (const t of h.trades) {
      const [base, quote] = splitSymbol(t.symbol);
      const buy = t.side === "buy";
      const ctx = JSON.stringify({ symbol: MARKET_ID.kucoin(t.symbol), orderId: `5c35c027${String(t.orderId).padStart(16, "0")}`, tradeId: HISTORY_IDS.kucoin.trade(t) });
      rows.push({ id: `6a3b${hex(t.id)}0000`, seq: t.id * 2, time: t.time, currency: base, amount: new Decimal(t.amount), fee: new Decimal(0), bizType: "Exchange", direction: buy ? "in" : "out", accountType: "TRADE", context: ctx });
      const quoteAmount = buy ? new Decimal(t.cost).plus(t.fee) : new Decimal(t.cost);
      rows.push({ id: `6a3q${hex(t.id)}0000`, seq: t.id * 2 + 1, time: t.time, currency: quote, amount: quoteAmount, fee: new Decimal(t.fee), bizType: "Exchange", direction: buy ? "out" : "in", accountType: "TRADE", context: ctx });
    }
  }
  for (const r of h.rewards) {
    rows.push({ id: HISTORY_IDS.kucoin.reward(r), seq: r.id, time: r.time, currency: r.currency, amount: new Decimal(r.amount), fee: new Decimal(0), bizType: r.type === "staking" ? "Staking Profits" : "Soft Staking Profits", direction: "in", accountType: "MAIN", context: JSON.stringify({ orderId: `61${hex(r.id)}000000` }) });
  }
  for (const c of conversions) {
    const ctx = JSON.stringify({ orderId: HISTORY_IDS.kucoin.conversion(c) });
    rows.push({ id: `6a5o${hex(c.id)}0000`, seq: c.id * 2, time: c.time, currency: c.from, amount: new Decimal(c.fromAmount), fee: new Decimal(0), bizType: "Instant Exchange", direction: "out", accountType: "MAIN", context: ctx });
    rows.push({ id: `6a5i${hex(c.id)}0000`, seq: c.id * 2 + 1, time: c.time, currency: c.to, amount: new Decimal(c.toAmount), fee: new Decimal(c.fee), bizType: "Instant Exchange", direction: "in", accountType: "MAIN", context: ctx });
  }
  rows.sort((a, b) => b.time - a.time || b.seq - a.seq);
  ledgerCache.set(ds, { key, rows });
  return rows;
}

const BIZ_TYPES: Record<string, (r: LedgerRow) => boolean> = {
  DEPOSIT: (r) => r.bizType === "Deposit",
  WITHDRAW: (r) => r.bizType === "Withdrawal",
  TRADE_EXCHANGE: (r) => r.bizType === "Exchange",
  TRANSFER: () => false,
  SUB_TRANSFER: () => false,
  MARGIN_EXCHANGE: () => false,
  KUCOIN_BONUS: () => false,
};

/** GET /api/v1/accounts/ledgers: ≤ 24 h per request ("not in the given range!" otherwise), the last year only. */
function accountLedgers({ req, dataset }: RouteContext): MockReply {
  const r = range(req, DAY, DAY);
  if (isReply(r)) return r;
  const biz = req.query.get("bizType");
  const filter = biz ? BIZ_TYPES[biz] : undefined;
  if (biz && !filter) return bad("bizType is invalid");
  const yearAgo = Date.now() - 365 * DAY;
  const rows = ledgerRows(dataset).filter((x) => x.time >= r.start && x.time <= r.end && x.time >= yearAgo && (!filter || filter(x)));
  return paged(req, rows, (x) => ({
    id: x.id,
    currency: x.currency,
    amount: x.amount.toFixed(8),
    fee: x.fee.toFixed(8),
    balance: "0",
    accountType: x.accountType,
    bizType: x.bizType,
    direction: x.direction,
    createdAt: x.time,
    context: x.context,
  }));
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
          CURRENCIES.map((c) => ({ currency: c, name: c, fullName: c, precision: 8, confirms: null, contractAddress: null, isMarginEnabled: true, isDebitEnabled: true, chains: [] })),
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
    { method: "GET", path: "/api/v1/hf/accounts/opened", auth: "private", handle: ({ dataset }) => ok(dataset.flags?.kucoinHf === true) },
    { method: "GET", path: "/api/v1/accounts", auth: "private", handle: accounts },
    { method: "GET", path: "/api/v1/user/api-key", auth: "private", handle: apiKeyInfo },
    { method: "GET", path: "/api/v1/fills", auth: "private", category: "history", handle: fills },
    { method: "GET", path: "/api/v1/hf/fills", auth: "private", category: "history", handle: hfFills },
    { method: "GET", path: "/api/v1/deposits", auth: "private", category: "history", handle: transferList("deposit") },
    { method: "GET", path: "/api/v1/withdrawals", auth: "private", category: "history", handle: transferList("withdrawal") },
    { method: "GET", path: "/api/v1/accounts/ledgers", auth: "private", category: "history", handle: accountLedgers },
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
