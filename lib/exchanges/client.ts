import ccxt, { type Exchange } from "ccxt";
import type { ExchangeId } from "./catalog";

/**
 * Builds the ccxt instance for one connection. Only server code calls this,
 * right after decrypting the secret; the instance must not outlive the job.
 */

export interface ExchangeCredentials {
  apiKey: string;
  secret: string;
  /** The passphrase (OKX, KuCoin). ccxt calls it `password`. */
  password?: string;
}

export interface ClientOptions {
  /** Loopback URL of the mock exchange server; each exchange is served under `<url>/<exchangeId>`. */
  mockBaseUrl?: string;
  /** Per-request timeout (ccxt default 10 s). */
  timeoutMs?: number;
}

export const MOCK_URL_ENV = "LOTWISE_EXCHANGE_MOCK_URL";

const CLASSES: Record<ExchangeId, new (config?: object) => Exchange> = {
  binance: ccxt.binance,
  coinbase: ccxt.coinbase,
  kraken: ccxt.kraken,
  okx: ccxt.okx,
  bybit: ccxt.bybit,
  kucoin: ccxt.kucoin,
  gemini: ccxt.gemini,
  bitstamp: ccxt.bitstamp,
};

/** Exchanges whose `loadMarkets()` can be limited to spot (notes: "Pointing ccxt at a mock server"). */
const SPOT_ONLY_MARKETS: ReadonlySet<ExchangeId> = new Set(["binance", "okx", "bybit", "kucoin"]);

export function createExchangeClient(exchangeId: ExchangeId, creds: ExchangeCredentials, opts: ClientOptions = {}): Exchange {
  const mocked = opts.mockBaseUrl !== undefined;
  const ex = new CLASSES[exchangeId]({
    apiKey: creds.apiKey.trim(),
    secret: normalizeSecret(exchangeId, creds.secret),
    password: creds.password,
    timeout: opts.timeoutMs ?? 10_000,
    // The throttle is what keeps us under real limits; against the mock it only slows tests (notes: Kraken ~3 s per private call).
    enableRateLimit: !mocked,
  });

  if (SPOT_ONLY_MARKETS.has(exchangeId)) {
    // Tax history is spot; skipping derivatives also skips their exchangeInfo/instrument calls.
    ex.options.fetchMarkets = { ...(ex.options.fetchMarkets as object), types: ["spot"] };
  }
  if (exchangeId === "bybit") {
    // ccxt's Bybit default is `swap`: without this, symbol-less calls query category=linear (notes: Bybit).
    ex.options.defaultType = "spot";
  }
  if (exchangeId === "gemini") {
    // ccxt otherwise scrapes exchange.gemini.com's HTML for currencies (up to 5 retries, notes: Gemini);
    // codes derived from /v1/symbols are enough for balances and history.
    ex.options.fetchMarkets = { ...(ex.options.fetchMarkets as object), webApiEnable: false };
    ex.options.fetchCurrencies = { ...(ex.options.fetchCurrencies as object), webApiEnable: false };
  }
  if (opts.mockBaseUrl !== undefined) pointAtMock(ex, exchangeId, opts.mockBaseUrl);
  recordResponses(ex);
  return ex;
}

function normalizeSecret(exchangeId: ExchangeId, secret: string): string {
  const s = secret.trim();
  // Coinbase's downloaded key JSON stores the PEM with literal "\n"; users paste that.
  if (exchangeId === "coinbase" && s.startsWith("-----BEGIN") && s.includes("\\n")) return s.replace(/\\n/g, "\n") + "\n";
  return s;
}

/**
 * The notes' generic override: keep each API URL's path, swap scheme and host
 * for the mock's, with the exchange id as first path segment so one mock
 * server can serve all eight without path clashes (Binance, KuCoin and
 * Coinbase all have /api/v3/...).
 */
function pointAtMock(ex: Exchange, exchangeId: ExchangeId, mockBaseUrl: string): void {
  const base = `${mockBaseUrl.replace(/\/$/, "")}/${exchangeId}`;
  const api = ex.urls.api as Record<string, unknown>;
  for (const [k, v] of Object.entries(api)) {
    if (typeof v !== "string") continue;
    const u = new URL(v.replace("{hostname}", "placeholder.invalid"));
    api[k] = base + u.pathname.replace(/\/$/, "");
  }
}

/** Reads the mock URL from the environment; only loopback hosts are accepted, so real keys can never be sent elsewhere by a misconfiguration. */
export function mockBaseUrlFromEnv(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const raw = env[MOCK_URL_ENV]?.trim();
  if (!raw) return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new Error(`${MOCK_URL_ENV} is not a URL.`);
  }
  if (!["127.0.0.1", "localhost", "[::1]"].includes(u.hostname) || !["http:", "https:"].includes(u.protocol)) {
    throw new Error(`${MOCK_URL_ENV} must point at a loopback address (127.0.0.1, localhost or [::1]).`);
  }
  return raw.replace(/\/$/, "");
}

export interface FailedResponse {
  status: number;
  body: string;
}

const failures = new WeakMap<Exchange, FailedResponse>();

/**
 * The HTTP status and raw body of the response that made the client's most
 * recent call throw. ccxt folds distinct exchange answers into one error class
 * (Binance 429 is `DDoSProtection`, Bybit's expired key a plain
 * `AuthenticationError`), so classification reads the exchange's own code from
 * here. Recorded where ccxt throws, so parallel requests (Coinbase loads
 * markets with `Promise.all`) cannot overwrite it with a later success.
 * Internal: never shown to users.
 */
export function lastFailedResponse(ex: Exchange): FailedResponse | undefined {
  return failures.get(ex);
}

export function clearLastFailedResponse(ex: Exchange): void {
  failures.delete(ex);
}

function recordResponses(ex: Exchange): void {
  const handleErrors = ex.handleErrors.bind(ex);
  ex.handleErrors = (...args: Parameters<Exchange["handleErrors"]>) => {
    try {
      return handleErrors(...args);
    } catch (e) {
      failures.set(ex, { status: Number(args[0]), body: String(args[5] ?? "") });
      throw e;
    }
  };
  const handleHttpStatusCode = ex.handleHttpStatusCode.bind(ex);
  ex.handleHttpStatusCode = (...args: Parameters<Exchange["handleHttpStatusCode"]>) => {
    try {
      return handleHttpStatusCode(...args);
    } catch (e) {
      failures.set(ex, { status: Number(args[0]), body: String(args[4] ?? "") });
      throw e;
    }
  };
}
