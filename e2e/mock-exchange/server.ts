/**
 * Mock exchange server: one loopback HTTP server answering, per exchange, the
 * requests ccxt 4.5.84 makes for markets, balance, the key-permission report,
 * account history (trades, deposits, withdrawals, ledger, with each
 * exchange's own pagination) and public OHLCV candles (ohlcv.ts). Each
 * exchange lives under its own prefix, `<url>/<exchangeId>/...`;
 * `createExchangeClient(id, creds, { mockBaseUrl: url })` rewrites ccxt's API
 * URLs to match.
 *
 * KEYS: the scenario is the key's prefix (inside `account-` for Gemini and
 * inside `organizations/<org>/apiKeys/` for Coinbase):
 *   ro-…        read-only key (passes)
 *   trade-…     key that can trade
 *   withdraw-…  key that can withdraw / transfer
 *   revoked-…   deleted / expired key (the exchange's own answer for that)
 *   ipblock-…   key restricted to other IP addresses
 *   ratelimit-… every private call answers 429 with the exchange's body
 *   down-…      every private call answers 503 with the exchange's body
 *   slow-…      private calls answer after `slowMs` (default 15 s, past ccxt's 10 s default timeout)
 *   flaky429-…  every `flakyEvery`-th private call of the key (default 5th, 10th, …) answers
 *               429 with the exchange's rate-limit body; the others succeed
 *   flaky503-…  the same with the exchange's 503 "unavailable" body
 *   anything else: invalid key (the exchange's "unknown key" body)
 * `state.revokeKey(apiKey)` makes a key answer like a deleted one from then
 * on (a key revoked in the middle of a sync).
 *
 * HISTORY: `state.setDataset(apiKey, generateDataset({ trades: 5000, ... }))`
 * gives a key an account history (dataset.ts; `conversions`/`dust` only for
 * exchanges whose mock serves them, expected-entries.ts CONVERSION_EXCHANGES);
 * `state.appendRows(apiKey, {...})` adds newer rows later. How each exchange names the rows: history-ids.ts;
 * what a correct sync yields: expected-entries.ts. Routes (each exchange's
 * module documents its paging rules and limits; requests are logged with
 * `category: "history"`):
 *   binance   GET /api/v3/myTrades (fromId / ≤24 h), /sapi/v1/capital/deposit/hisrec and
 *             /withdraw/history (≤90 d, offset), /sapi/v1/asset/assetDividend (≤180 d, ≤500),
 *             /sapi/v1/convert/tradeFlow (≤30 d, ≤1000), /sapi/v1/asset/dribblet (last 100 sweeps)
 *   coinbase  GET /api/v3/brokerage/orders/historical/fills (cursor), /api/v3/brokerage/accounts,
 *             /v2/accounts/{id}/transactions (order, starting_after; app buy/sell/trade in both wallets)
 *   kraken    POST /0/private/TradesHistory, /0/private/Ledgers (50 per page, ofs, start/end, type;
 *             spend/receive pairs for conversions)
 *   okx       GET /api/v5/trade/fills-history (after/before bill id, 3 months), /api/v5/asset/
 *             deposit-history, /withdrawal-history, /bills (after/before ts), /balances (funding)
 *   bybit     GET /v5/execution/list (≤7 d), /v5/asset/deposit|withdraw/query-record (≤30 d),
 *             /v5/account/transaction-log (≤7 d, type), /v5/earn/yield (3 months; 10005 unless the
 *             dataset flag bybitEarn); cursor paging
 *   gemini    POST /v1/mytrades (symbol, timestamp, ≤500), /v1/transfers (≤50), /v1/staking/history
 *             (interest; since, sortAsc, ≤500), /v1/balances/staking
 *   bitstamp  POST /api/v2/user_transactions/[{pair}/] (since_id, sort, offset, ≤1000)
 *   kucoin    GET /api/v1/fills (≤7 d, currentPage/pageSize), /api/v1/hf/fills (symbol, ≤7 d, lastId;
 *             dataset flag kucoinHf), /api/v1/deposits|withdrawals (currentPage/pageSize),
 *             /api/v1/accounts/ledgers (≤24 h, last year; rewards, Instant Exchange legs)
 * OHLCV (public, no key, `category: "ohlcv"`; series formula in ohlcv.ts):
 *   binance /api/v3/klines · kraken /0/public/OHLC · coinbase
 *   /api/v3/brokerage/market/products/{id}/candles · bitstamp /api/v2/ohlc/{pair}/
 *
 * SECRETS are derived from the key (keys.ts `mockSecretFor`):
 *   `secret-for-<apiKey>`; Kraken: base64 of that; Coinbase: a P-256 SEC1 PEM
 *   whose scalar is sha256(`secret-for-<apiKey>`).
 * PASSPHRASES (OKX, KuCoin): `pass-for-<apiKey>`.
 * `mockCredentials(exchange, "ro-")` builds a matching set. A wrong secret
 * gets the exchange's bad-signature error, a wrong passphrase its
 * bad-passphrase error: signatures are recomputed, not just checked for presence.
 *
 * Usable from vitest (`startMockExchange()`), Playwright and the bench
 * (`tsx e2e/mock-exchange/main.ts --port 4010`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { appendRows, defaultDataset, type AppendRowsOptions, type MockDataset } from "./dataset";
import { MOCKS } from "./exchanges";
import { grantsOf, scenarioOf } from "./keys";
import type { ExchangeMock, MockReply, MockRequest, Route } from "./types";

export { appendRows, balancesOf, generateDataset } from "./dataset";
export type { AppendRowsOptions, GenerateDatasetOptions, MockAccountFlags, MockConversion, MockReward, MockTrade, MockTransfer } from "./dataset";
export { HISTORY_IDS, MARKET_ID, MOCK_MARKETS } from "./history-ids";
export { OHLCV_MARKETS, ohlcvCandles, ohlcvPrice } from "./ohlcv";
export { mockApiKey, mockCredentials, mockPassphraseFor, mockSecretFor, scenarioOf, MOCK_EXCHANGE_IDS } from "./keys";
export type { MockCredentials, MockExchangeId, Scenario, ScenarioPrefix } from "./keys";

export interface RequestLogEntry {
  exchange: string;
  method: string;
  path: string;
  status: number;
  /** The claimed API key (never a secret). */
  apiKey?: string;
  routed: boolean;
  /** "ohlcv" for public candle routes, "history" for account-history routes. */
  category?: "ohlcv" | "history";
}

export interface MockState {
  /** Every request, in order (tests assert what ccxt called). */
  requests: RequestLogEntry[];
  /** How long `slow-` keys wait before answering. */
  slowMs: number;
  /** `flaky429-`/`flaky503-` keys fail every n-th private call. */
  flakyEvery: number;
  setDataset(apiKey: string, dataset: MockDataset): void;
  datasetFor(apiKey: string): MockDataset;
  /** Adds newer history rows to the key's dataset (see dataset.ts `appendRows`). */
  appendRows(apiKey: string, opts: AppendRowsOptions): MockDataset;
  /** From now on the key answers like a deleted key. */
  revokeKey(apiKey: string): void;
  reset(): void;
}

export interface StartMockExchangeOptions {
  port?: number;
  host?: string;
  slowMs?: number;
  flakyEvery?: number;
}

export interface MockExchangeHandle {
  /** Base URL, e.g. http://127.0.0.1:4010 (no trailing slash). */
  url: string;
  state: MockState;
  close(): Promise<void>;
}

export async function startMockExchange(opts: StartMockExchangeOptions = {}): Promise<MockExchangeHandle> {
  const datasets = new Map<string, MockDataset>();
  const revoked = new Set<string>();
  const calls = new Map<string, number>();
  const state: InternalState = {
    requests: [],
    slowMs: opts.slowMs ?? 15_000,
    flakyEvery: opts.flakyEvery ?? 5,
    setDataset: (apiKey, dataset) => void datasets.set(apiKey, dataset),
    datasetFor: (apiKey) => datasets.get(apiKey) ?? defaultDataset(),
    appendRows(apiKey, rows) {
      const ds = datasets.get(apiKey) ?? defaultDataset();
      datasets.set(apiKey, ds);
      return appendRows(ds, rows);
    },
    revokeKey: (apiKey) => void revoked.add(apiKey),
    isRevoked: (apiKey) => revoked.has(apiKey),
    /** Counts private calls per key, for the flaky scenarios. */
    countCall(apiKey) {
      const n = (calls.get(apiKey) ?? 0) + 1;
      calls.set(apiKey, n);
      return n;
    },
    reset() {
      this.requests.length = 0;
      this.flakyEvery = opts.flakyEvery ?? 5;
      datasets.clear();
      revoked.clear();
      calls.clear();
    },
  };
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const server = createServer((req, res) => {
    handle(req, res, state, sleep).catch(() => {
      if (!res.headersSent) res.writeHead(500).end("mock error");
    });
  });
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface InternalState extends MockState {
  isRevoked(apiKey: string): boolean;
  countCall(apiKey: string): number;
}

async function handle(req: IncomingMessage, res: ServerResponse, state: InternalState, sleep: (ms: number) => Promise<void>): Promise<void> {
  const body = await readBody(req);
  const rawUrl = req.url ?? "/";
  const match = /^\/([a-z]+)(\/[^?]*)?(\?.*)?$/.exec(rawUrl);
  const mock = match ? (MOCKS as Record<string, ExchangeMock | undefined>)[match[1] as string] : undefined;
  if (!match || !mock) {
    send(res, { status: 404, body: "unknown exchange prefix" });
    return;
  }
  const path = match[2] ?? "/";
  const request: MockRequest = {
    method: req.method ?? "GET",
    path,
    pathWithQuery: path + (match[3] ?? ""),
    fullUrl: `http://${req.headers.host ?? "127.0.0.1"}${rawUrl}`,
    query: new URLSearchParams((match[3] ?? "").slice(1)),
    headers: req.headers,
    body,
  };
  const route = findRoute(mock.routes, request);
  const reply = await dispatch(mock, route, request, state, sleep);
  state.requests.push({
    exchange: mock.id,
    method: request.method,
    path: request.path,
    status: reply.status,
    apiKey: route?.auth === "private" ? mock.apiKeyOf(request) : undefined,
    routed: route !== undefined,
    ...(route?.category ? { category: route.category } : {}),
  });
  send(res, reply);
}

async function dispatch(
  mock: ExchangeMock,
  route: Route | undefined,
  req: MockRequest,
  state: InternalState,
  sleep: (ms: number) => Promise<void>,
): Promise<MockReply> {
  if (!route) return mock.errors.notFound(req);
  if (route.auth === "public") return route.handle(req);

  const apiKey = mock.apiKeyOf(req);
  if (apiKey === undefined) return mock.errors.invalidKey();
  const scenario = scenarioOf(apiKey);
  if (state.isRevoked(apiKey)) return mock.errors.revokedKey();
  // The order follows the real services: the key is looked up first, then its IP list, then throttling, then the signature.
  switch (scenario) {
    case "invalid":
      return mock.errors.invalidKey();
    case "revoked":
      return mock.errors.revokedKey();
    case "ip-blocked":
      return mock.errors.ipBlocked();
    case "rate-limited":
      return mock.errors.rateLimited();
    case "down":
      return mock.errors.down();
    case "slow":
      await sleep(state.slowMs);
      break;
    case "flaky-429":
      if (state.countCall(apiKey) % state.flakyEvery === 0) return mock.errors.rateLimited();
      break;
    case "flaky-503":
      if (state.countCall(apiKey) % state.flakyEvery === 0) return mock.errors.down();
      break;
    default:
      break;
  }
  const bad = mock.verify(req, apiKey);
  if (bad) return bad;
  return route.handle({ req, apiKey, scenario, grants: grantsOf(scenario), dataset: state.datasetFor(apiKey) });
}

function findRoute(routes: readonly Route[], req: MockRequest): Route | undefined {
  return routes.find((r) => r.method === req.method && (typeof r.path === "string" ? r.path === req.path : r.path.test(req.path)));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, reply: MockReply): void {
  const isText = typeof reply.body === "string";
  const payload = isText ? (reply.body as string) : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    "Content-Type": isText ? "text/plain; charset=utf-8" : "application/json",
    ...reply.headers,
  });
  res.end(payload);
}

export type { MockDataset };
