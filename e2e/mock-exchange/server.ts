/**
 * Mock exchange server: one loopback HTTP server answering, per exchange, the
 * requests ccxt 4.5.84 makes for markets, balance and the key-permission
 * report (history routes come with the sync work). Each exchange lives under
 * its own prefix, `<url>/<exchangeId>/...`; `createExchangeClient(id, creds,
 * { mockBaseUrl: url })` rewrites ccxt's API URLs to match.
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
 *   anything else: invalid key (the exchange's "unknown key" body)
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
import { defaultDataset, type MockDataset } from "./dataset";
import { MOCKS } from "./exchanges";
import { grantsOf, scenarioOf } from "./keys";
import type { ExchangeMock, MockReply, MockRequest, Route } from "./types";

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
}

export interface MockState {
  /** Every request, in order (tests assert what ccxt called). */
  requests: RequestLogEntry[];
  /** How long `slow-` keys wait before answering. */
  slowMs: number;
  setDataset(apiKey: string, dataset: MockDataset): void;
  datasetFor(apiKey: string): MockDataset;
  reset(): void;
}

export interface StartMockExchangeOptions {
  port?: number;
  host?: string;
  slowMs?: number;
}

export interface MockExchangeHandle {
  /** Base URL, e.g. http://127.0.0.1:4010 (no trailing slash). */
  url: string;
  state: MockState;
  close(): Promise<void>;
}

export async function startMockExchange(opts: StartMockExchangeOptions = {}): Promise<MockExchangeHandle> {
  const datasets = new Map<string, MockDataset>();
  const state: MockState = {
    requests: [],
    slowMs: opts.slowMs ?? 15_000,
    setDataset: (apiKey, dataset) => void datasets.set(apiKey, dataset),
    datasetFor: (apiKey) => datasets.get(apiKey) ?? defaultDataset(),
    reset() {
      this.requests.length = 0;
      datasets.clear();
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

async function handle(req: IncomingMessage, res: ServerResponse, state: MockState, sleep: (ms: number) => Promise<void>): Promise<void> {
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
  });
  send(res, reply);
}

async function dispatch(
  mock: ExchangeMock,
  route: Route | undefined,
  req: MockRequest,
  state: MockState,
  sleep: (ms: number) => Promise<void>,
): Promise<MockReply> {
  if (!route) return mock.errors.notFound(req);
  if (route.auth === "public") return route.handle(req);

  const apiKey = mock.apiKeyOf(req);
  if (apiKey === undefined) return mock.errors.invalidKey();
  const scenario = scenarioOf(apiKey);
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
