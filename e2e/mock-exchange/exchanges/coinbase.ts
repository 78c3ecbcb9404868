import { createPublicKey, verify as verifySignature } from "node:crypto";
import Decimal from "decimal.js";
import type { MockDataset } from "../dataset";
import { HISTORY_IDS, MARKET_ID, MOCK_MARKETS, mockUuid } from "../history-ids";
import { coinbasePublicJwk } from "../keys";
import { hasOhlcvSeries, ohlcvCandles } from "../ohlcv";
import { json, type ExchangeMock, type MockReply, type MockRequest, type RouteContext } from "../types";
import { history, intParam, isoMs, isoSeconds, splitSymbol, symbolOf } from "./history";
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

const PRODUCTS = MOCK_MARKETS.map((m) => {
  const [base, quote] = splitSymbol(m);
  return [base, quote, "0.00000001", quote === "BTC" || quote === "ETH" ? "0.00001" : "0.01"] as const;
});

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

const FIAT = new Set(["USD", "EUR", "GBP"]);
const CRYPTO = [...new Set(MOCK_MARKETS.flatMap(splitSymbol))].filter((c) => !FIAT.has(c)).sort();

/** Every currency the account has a wallet for: balances plus anything in its history. */
function currencies(ds: MockDataset): string[] {
  const h = history(ds);
  const set = new Set(Object.keys(ds.balances));
  for (const t of h.trades) for (const c of splitSymbol(t.symbol)) set.add(c);
  for (const x of [...h.deposits, ...h.withdrawals, ...h.rewards]) set.add(x.currency);
  for (const c of ds.conversions ?? []) set.add(c.from).add(c.to);
  return [...set].sort();
}

function accounts({ dataset }: RouteContext): MockReply {
  return json({
    pagination: { ending_before: null, starting_after: null, previous_ending_before: null, next_starting_after: null, limit: 250, order: "desc", previous_uri: null, next_uri: null },
    data: Object.entries(dataset.balances).map(([code, b]) => ({
      id: HISTORY_IDS.coinbase.account(code),
      name: `${code} Wallet`,
      primary: true,
      type: FIAT.has(code) ? "fiat" : "wallet",
      currency: { code, name: code, type: FIAT.has(code) ? "fiat" : "crypto" },
      balance: { amount: b.free, currency: code },
      created_at: "2023-01-01T00:00:00Z",
      updated_at: "2024-01-01T00:00:00Z",
      resource: "account",
      resource_path: `/v2/accounts/${HISTORY_IDS.coinbase.account(code)}`,
    })),
  });
}

/** GET /api/v3/brokerage/accounts: one wallet per currency (ccxt's fetchAccounts, used to find the v2 account ids). */
function accountsV3({ dataset, req }: RouteContext): MockReply {
  const limit = Math.min(intParam(req.query.get("limit")) ?? 49, 250);
  const all = currencies(dataset);
  const start = Number.parseInt(req.query.get("cursor") || "0", 10) || 0;
  const page = all.slice(start, start + limit);
  const more = start + limit < all.length;
  return json({
    accounts: page.map((code) => ({
      uuid: HISTORY_IDS.coinbase.account(code),
      name: `${code} Wallet`,
      currency: code,
      available_balance: { value: dataset.balances[code]?.free ?? "0", currency: code },
      default: true,
      active: true,
      created_at: "2023-01-01T00:00:00Z",
      updated_at: "2024-01-01T00:00:00Z",
      deleted_at: null,
      type: FIAT.has(code) ? "ACCOUNT_TYPE_FIAT" : "ACCOUNT_TYPE_CRYPTO",
      ready: true,
      hold: { value: "0", currency: code },
      retail_portfolio_id: "8f4e3c2a-0000-4000-8000-000000000000",
      platform: "ACCOUNT_PLATFORM_CONSUMER",
    })),
    has_next: more,
    cursor: more ? String(start + limit) : "",
    size: page.length,
  });
}

/**
 * GET /api/v3/brokerage/orders/historical/fills: newest first by trade time,
 * `start_sequence_timestamp`/`end_sequence_timestamp` (RFC 3339) bound it,
 * `cursor` continues after the last fill of the previous page; limit ≤ 1000
 * (default 100). `cursor` is "" on the last page.
 */
function fills({ dataset, req }: RouteContext): MockReply {
  const q = req.query;
  const limit = intParam(q.get("limit")) ?? 100;
  if (Number.isNaN(limit) || limit < 1 || limit > 1000) return json({ error: "INVALID_ARGUMENT", message: "invalid limit", error_details: "invalid limit" }, 400);
  const start = q.get("start_sequence_timestamp") ? Date.parse(q.get("start_sequence_timestamp") as string) : undefined;
  const end = q.get("end_sequence_timestamp") ? Date.parse(q.get("end_sequence_timestamp") as string) : undefined;
  const products = q.getAll("product_ids").map((p) => symbolOf("coinbase", p));
  // The cursor is "<time>:<id>" of the last fill returned: stable while new fills arrive.
  const [ct, cid] = (q.get("cursor") || "").split(":").map((x) => Number.parseInt(x, 10));
  const rows = history(dataset)
    .trades.filter((t) => (start === undefined || t.time >= start) && (end === undefined || t.time <= end) && (products.length === 0 || products.includes(t.symbol)))
    .filter((t) => ct === undefined || Number.isNaN(ct) || t.time < ct || (t.time === ct && t.id < (cid as number)))
    .sort((a, b) => b.time - a.time || b.id - a.id);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return json({
    fills: page.map((t) => ({
      entry_id: HISTORY_IDS.coinbase.tradeLeg(t, "base"),
      trade_id: HISTORY_IDS.coinbase.trade(t),
      order_id: `00000000-0000-4000-9000-${String(t.orderId).padStart(12, "0")}`,
      trade_time: isoMs(t.time),
      trade_type: "FILL",
      price: t.price,
      size: t.amount,
      commission: t.fee,
      product_id: MARKET_ID.coinbase(t.symbol),
      sequence_timestamp: isoMs(t.time),
      liquidity_indicator: t.maker ? "MAKER" : "TAKER",
      size_in_quote: false,
      user_id: "3a3c2c2a-0000-4000-8000-000000000001",
      side: t.side === "buy" ? "BUY" : "SELL",
      retail_portfolio_id: "8f4e3c2a-0000-4000-8000-000000000000",
    })),
    cursor: rows.length > limit && last ? `${last.time}:${last.id}` : "",
  });
}

interface V2Tx {
  id: string;
  time: number;
  seq: number;
  body: () => Record<string, unknown>;
}

const money = (amount: Decimal.Value, currency: string) => ({ amount: new Decimal(amount).toFixed(), currency });

/**
 * One account's v2 transactions: sends in and out, staking rewards / interest,
 * the Advanced Trade fill legs (`advanced_trade_fill`), and the app's buys,
 * sells and converts: a `buy` (cash → crypto), `sell` (crypto → cash) or
 * `trade` (crypto → crypto) transaction in each of the two wallets, both
 * pointing to one buy / sell / trade resource; the fee is inside the amounts
 * (the receiving wallet gets toAmount − fee).
 */
function transactionsOf(ds: MockDataset, code: string): V2Tx[] {
  const h = history(ds);
  const account = HISTORY_IDS.coinbase.account(code);
  const tx = (id: string, time: number, seq: number, fields: Record<string, unknown>): V2Tx => ({
    id,
    time,
    seq,
    body: () => ({ id, status: "completed", created_at: isoSeconds(time), updated_at: isoSeconds(time), resource: "transaction", resource_path: `/v2/accounts/${account}/transactions/${id}`, ...fields }),
  });
  const out: V2Tx[] = [];
  for (const d of h.deposits.filter((x) => x.currency === code)) {
    out.push(
      tx(HISTORY_IDS.coinbase.deposit(d), d.time, d.id, {
        type: "send",
        amount: money(d.amount, code),
        native_amount: money(0, "USD"),
        description: null,
        network: { status: "confirmed", hash: d.txId, network_name: d.network === "BTC" ? "bitcoin" : "ethereum" },
        from: { resource: "bitcoin_network", currency: code },
        details: { title: `Received ${code}`, subtitle: "From an external address" },
      }),
    );
  }
  for (const w of h.withdrawals.filter((x) => x.currency === code)) {
    out.push(
      tx(HISTORY_IDS.coinbase.withdrawal(w), w.time, w.id, {
        type: "send",
        amount: money(new Decimal(w.amount).neg(), code),
        native_amount: money(0, "USD"),
        description: null,
        network: { status: "confirmed", hash: w.txId, network_name: w.network === "BTC" ? "bitcoin" : "ethereum", transaction_fee: money(w.fee, code) },
        to: { resource: "address", address: w.address, currency: code },
        details: { title: `Sent ${code}`, subtitle: `To ${w.address}` },
      }),
    );
  }
  for (const r of h.rewards.filter((x) => x.currency === code)) {
    out.push(
      tx(HISTORY_IDS.coinbase.reward(r), r.time, r.id, {
        type: r.type === "staking" ? "staking_reward" : "interest",
        amount: money(r.amount, code),
        native_amount: money(0, "USD"),
        description: null,
        details: { title: r.type === "staking" ? "Staking income" : "Interest", subtitle: "From Coinbase" },
      }),
    );
  }
  for (const c of ds.conversions ?? []) {
    if (c.from !== code && c.to !== code) continue;
    const type = FIAT.has(c.from) && !FIAT.has(c.to) ? "buy" : FIAT.has(c.to) && !FIAT.has(c.from) ? "sell" : "trade";
    const leg = c.from === code ? "from" : "to";
    const amount = leg === "from" ? new Decimal(c.fromAmount).neg() : new Decimal(c.toAmount).minus(c.fee);
    const resourceId = HISTORY_IDS.coinbase.conversion(c);
    const crypto = FIAT.has(c.from) ? c.to : c.from;
    out.push(
      tx(HISTORY_IDS.coinbase.conversionLeg(c, leg), c.time, c.id, {
        type,
        amount: money(amount, code),
        native_amount: money(0, "USD"),
        description: null,
        instant_exchange: false,
        [type]: { id: resourceId, resource: type, resource_path: `/v2/accounts/${account}/${type}s/${resourceId}` },
        details: {
          title: type === "buy" ? `Bought ${crypto}` : type === "sell" ? `Sold ${crypto}` : `Converted ${c.from} to ${c.to}`,
          subtitle: type === "trade" ? "Using Coinbase" : `Using ${FIAT.has(c.from) ? c.from : c.to} Wallet`,
        },
      }),
    );
  }
  for (const t of h.trades) {
    const [base, quote] = splitSymbol(t.symbol);
    if (base !== code && quote !== code) continue;
    const sign = t.side === "buy" ? 1 : -1;
    const leg = base === code ? "base" : "quote";
    const amount = leg === "base" ? new Decimal(t.amount).mul(sign) : new Decimal(t.cost).mul(-sign).minus(t.fee);
    out.push(
      tx(HISTORY_IDS.coinbase.tradeLeg(t, leg), t.time, t.id, {
        type: "advanced_trade_fill",
        amount: money(amount, code),
        native_amount: money(0, "USD"),
        description: null,
        advanced_trade_fill: { fill_price: t.price, product_id: MARKET_ID.coinbase(t.symbol), order_id: String(t.orderId), commission: t.fee, order_side: t.side },
      }),
    );
  }
  return out.sort((a, b) => a.time - b.time || a.seq - b.seq);
}

const txCache = new WeakMap<MockDataset, { key: string; byAccount: Map<string, V2Tx[]> }>();

function cachedTransactions(ds: MockDataset, code: string): V2Tx[] {
  const h = history(ds);
  const key = [h.trades.length, h.deposits.length, h.withdrawals.length, h.rewards.length, ds.conversions?.length ?? 0].join(":");
  let c = txCache.get(ds);
  if (c?.key !== key) {
    c = { key, byAccount: new Map() };
    txCache.set(ds, c);
  }
  let list = c.byAccount.get(code);
  if (!list) {
    list = transactionsOf(ds, code);
    c.byAccount.set(code, list);
  }
  return list;
}

/**
 * GET /v2/accounts/{id}/transactions (Coinbase App API): `order` desc
 * (default) or asc, `starting_after` / `ending_before` are transaction ids,
 * limit ≤ 100 (default 25); `pagination.next_starting_after` is the last id
 * of the page when more follow.
 */
function transactions({ dataset, req }: RouteContext): MockReply {
  const accountId = /^\/v2\/accounts\/([^/]+)\/transactions$/.exec(req.path)?.[1];
  const code = currencies(dataset).find((c) => HISTORY_IDS.coinbase.account(c) === accountId);
  if (!code) return json({ errors: [{ id: "not_found", message: "Not found" }] }, 404);
  const limit = intParam(req.query.get("limit")) ?? 25;
  if (Number.isNaN(limit) || limit < 1 || limit > 100) return json({ errors: [{ id: "invalid_request", message: "invalid limit" }] }, 400);
  const order = req.query.get("order") === "asc" ? "asc" : "desc";
  let list = cachedTransactions(dataset, code);
  if (order === "desc") list = [...list].reverse();
  const after = req.query.get("starting_after");
  const before = req.query.get("ending_before");
  let from = 0;
  let to = list.length;
  if (after) from = list.findIndex((t) => t.id === after) + 1;
  if (before) to = Math.max(0, list.findIndex((t) => t.id === before));
  if (after && from === 0) return json({ errors: [{ id: "invalid_request", message: "starting_after is not a valid id" }] }, 400);
  const page = list.slice(from, Math.min(to, from + limit));
  const more = from + page.length < to;
  return json({
    pagination: {
      ending_before: before,
      starting_after: after,
      previous_ending_before: page[0]?.id ?? null,
      next_starting_after: more ? (page.at(-1)?.id ?? null) : null,
      limit,
      order,
      previous_uri: null,
      next_uri: more ? `/v2/accounts/${accountId}/transactions?limit=${limit}&order=${order}&starting_after=${page.at(-1)?.id}` : null,
    },
    data: page.map((t) => t.body()),
  });
}

const GRANULARITY: Record<string, number> = {
  ONE_MINUTE: 60_000,
  FIVE_MINUTE: 300_000,
  FIFTEEN_MINUTE: 900_000,
  THIRTY_MINUTE: 1_800_000,
  ONE_HOUR: 3_600_000,
  TWO_HOUR: 7_200_000,
  SIX_HOUR: 21_600_000,
  ONE_DAY: 86_400_000,
};

/** GET /api/v3/brokerage/market/products/{id}/candles (public): start/end in unix seconds, newest first, at most 350 candles. */
function candles(req: MockRequest): MockReply {
  const productId = /^\/api\/v3\/brokerage\/market\/products\/([^/]+)\/candles$/.exec(req.path)?.[1];
  const sym = symbolOf("coinbase", productId);
  const tf = GRANULARITY[req.query.get("granularity") ?? ""];
  if (!sym || !hasOhlcvSeries(sym)) return json({ error: "NOT_FOUND", message: "product not found", error_details: "product not found" }, 404);
  if (!tf) return json({ error: "INVALID_ARGUMENT", message: "invalid granularity", error_details: "invalid granularity" }, 400);
  const start = Number.parseInt(req.query.get("start") ?? "0", 10) * 1000;
  const end = Number.parseInt(req.query.get("end") ?? String(Math.floor(Date.now() / 1000)), 10) * 1000;
  if ((end - start) / tf > 350) return json({ error: "INVALID_ARGUMENT", message: "number of candles requested should be less than 350", error_details: "" }, 400);
  const list = ohlcvCandles(sym, tf, start, end).reverse();
  return json({ candles: list.map((c) => ({ start: String(c.time / 1000), low: c.low, high: c.high, open: c.open, close: c.close, volume: c.volume })) });
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
      handle: () => json({ data: ["USD", "EUR", "GBP"].map((id) => ({ id, name: id, min_size: "0.01" })) }),
    },
    {
      method: "GET",
      path: "/v2/currencies/crypto",
      auth: "public",
      handle: () =>
        json({
          data: CRYPTO.map((code, i) => ({ asset_id: mockUuid("asset", code), code, name: code, color: "#000000", sort_index: 100 + i, exponent: 8, type: "crypto" })),
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
    { method: "GET", path: "/api/v3/brokerage/accounts", auth: "private", handle: accountsV3 },
    { method: "GET", path: "/api/v3/brokerage/orders/historical/fills", auth: "private", category: "history", handle: fills },
    { method: "GET", path: /^\/v2\/accounts\/[^/]+\/transactions$/, auth: "private", category: "history", handle: transactions },
    { method: "GET", path: /^\/api\/v3\/brokerage\/market\/products\/[^/]+\/candles$/, auth: "public", category: "ohlcv", handle: candles },
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
