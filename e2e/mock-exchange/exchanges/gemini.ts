import Decimal from "decimal.js";
import { total, type MockDataset } from "../dataset";
import { HISTORY_IDS, MARKET_ID, MOCK_MARKETS } from "../history-ids";
import { mockSecretFor } from "../keys";
import { json, type ExchangeMock, type MockReply, type MockRequest, type RouteContext } from "../types";
import { history, splitSymbol, symbolOf } from "./history";
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

/** Staking interest accrues in the staking balance, not the exchange one (Gemini "List Staking Balances"). */
function stakedOf(ds: MockDataset): Map<string, Decimal> {
  const out = new Map<string, Decimal>();
  for (const r of ds.rewards ?? []) out.set(r.currency, (out.get(r.currency) ?? new Decimal(0)).plus(r.amount));
  return out;
}

function balances({ dataset }: RouteContext): MockReply {
  const staked = stakedOf(dataset);
  return json(
    Object.entries(dataset.balances).map(([currency, b]) => {
      const free = new Decimal(b.free).minus(staked.get(currency) ?? 0).toFixed();
      return { type: "exchange", currency, amount: new Decimal(total(b)).minus(staked.get(currency) ?? 0).toFixed(), available: free, availableForWithdrawal: free };
    }),
  );
}

/** POST /v1/balances/staking: numbers, as Gemini sends them here. */
function stakingBalances({ dataset }: RouteContext): MockReply {
  return json(
    [...stakedOf(dataset)].map(([currency, balance]) => ({
      type: "Staking",
      currency,
      balance: balance.toNumber(),
      available: 0,
      availableForWithdrawal: balance.toNumber(),
      balanceByProvider: { [PROVIDER]: { balance: balance.toNumber() } },
    })),
  );
}

const PROVIDER = "62b21e17-2534-4b9f-afcf-b7edb609dd8d";

/**
 * POST /v1/staking/history (Gemini "List Staking Event History"): `since` /
 * `until` (ms, s or ISO), `limit` ≤ 500 (default 50), `interestOnly`,
 * `sortAsc` (default newest first); grouped per provider. Amounts are JSON
 * numbers. The dataset's rewards are the daily Interest rows (staking
 * deposits and redemptions are not modelled).
 */
function stakingHistory({ req, dataset }: RouteContext): MockReply {
  const p = payload(req);
  const limit = Math.min(Number.parseInt(String(p.limit ?? "50"), 10) || 50, 500);
  const since = timeParam(p.since);
  const until = timeParam(p.until);
  const asc = p.sortAsc === true;
  const rows = (dataset.rewards ?? [])
    .filter((r) => (since === undefined || r.time >= since) && (until === undefined || r.time <= until))
    .sort((a, b) => (asc ? a.time - b.time || a.id - b.id : b.time - a.time || b.id - a.id))
    .slice(0, limit);
  if (rows.length === 0) return json([]);
  return json([
    {
      providerId: PROVIDER,
      transactions: rows.map((r) => ({
        transactionId: HISTORY_IDS.gemini.reward(r),
        transactionType: "Interest",
        amountCurrency: r.currency,
        amount: new Decimal(r.amount).toNumber(),
        priceCurrency: "USD",
        priceAmount: 2000,
        dateTime: r.time,
      })),
    },
  ]);
}

function timeParam(v: unknown): number | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v === "string" && /[-T:]/.test(v)) return Date.parse(v);
  return sinceMs(v);
}

// ---------------------------------------------------------------------------
// History (notes, "Gemini" → History). Parameters travel in the payload.
// /v1/mytrades: `symbol` required, `timestamp` (seconds or ms) = on or after,
// `limit_trades` ≤ 500 (default 50): the oldest matching trades, listed
// newest first. /v1/transfers: `timestamp` on or after, `limit_transfers`
// ≤ 50 (default 10), the same order. Staking interest: /v1/staking/history.

function payload(req: MockRequest): Record<string, unknown> {
  const raw = header(req, "X-GEMINI-PAYLOAD") ?? "";
  return JSON.parse(Buffer.from(raw, "base64").toString("utf8")) as Record<string, unknown>;
}

/** Gemini accepts seconds or milliseconds. */
function sinceMs(v: unknown): number | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  const n = typeof v === "number" ? v : Number.parseInt(String(v), 10);
  return n < 1e11 ? n * 1000 : n;
}

function page<T extends { time: number; id: number }>(rows: readonly T[], since: number | undefined, limit: number): T[] {
  return rows
    .filter((r) => since === undefined || r.time >= since)
    .sort((a, b) => a.time - b.time || a.id - b.id)
    .slice(0, limit)
    .reverse();
}

function myTrades({ req, dataset }: RouteContext): MockReply {
  const p = payload(req);
  const sym = symbolOf("gemini", String(p.symbol ?? "").toLowerCase());
  if (!sym) return fail("InvalidSymbol", "Invalid symbol", 400);
  const limit = Math.min(Number.parseInt(String(p.limit_trades ?? "50"), 10) || 50, 500);
  const quote = splitSymbol(sym)[1];
  return json(
    page(history(dataset).trades.filter((t) => t.symbol === sym), sinceMs(p.timestamp), limit).map((t) => ({
      price: t.price,
      amount: t.amount,
      timestamp: Math.floor(t.time / 1000),
      timestampms: t.time,
      type: t.side === "buy" ? "Buy" : "Sell",
      aggressor: !t.maker,
      fee_currency: quote,
      fee_amount: t.fee,
      tid: t.id,
      order_id: String(t.orderId),
      exchange: "gemini",
      is_auction_fill: false,
      is_clearing_fill: false,
      symbol: MARKET_ID.gemini(sym).toUpperCase(),
    })),
  );
}

function transfers({ req, dataset }: RouteContext): MockReply {
  const p = payload(req);
  const limit = Math.min(Number.parseInt(String(p.limit_transfers ?? "10"), 10) || 10, 50);
  const h = history(dataset);
  const rows = [
    ...h.deposits.map((d) => ({ time: d.time, id: d.id, body: { type: "Deposit", status: "Complete", timestampms: d.time, eid: Number(HISTORY_IDS.gemini.deposit(d)), currency: d.currency, amount: d.amount, method: "CryptoCurrency", txHash: d.txId, destination: d.address } })),
    ...h.withdrawals.map((w) => ({
      time: w.time,
      id: w.id,
      body: { type: "Withdrawal", status: "Complete", timestampms: w.time, eid: Number(HISTORY_IDS.gemini.withdrawal(w)), currency: w.currency, amount: w.amount, feeAmount: w.fee, feeCurrency: w.currency, method: "CryptoCurrency", txHash: w.txId, destination: w.address },
    })),
  ];
  return json(page(rows, sinceMs(p.timestamp), limit).map((r) => r.body));
}

export const gemini: ExchangeMock = {
  id: "gemini",
  apiKeyOf: (req) => header(req, "X-GEMINI-APIKEY"),
  verify,
  routes: [
    { method: "GET", path: "/v1/symbols", auth: "public", handle: () => json(MOCK_MARKETS.map(MARKET_ID.gemini)) },
    { method: "POST", path: "/v1/mytrades", auth: "private", category: "history", handle: myTrades },
    { method: "POST", path: "/v1/transfers", auth: "private", category: "history", handle: transfers },
    { method: "POST", path: "/v1/balances", auth: "private", handle: balances },
    { method: "POST", path: "/v1/balances/staking", auth: "private", handle: stakingBalances },
    { method: "POST", path: "/v1/staking/history", auth: "private", category: "history", handle: stakingHistory },
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
