import { createECDH, createHash, createPrivateKey } from "node:crypto";

/**
 * Mock API keys. The scenario is chosen by the key's prefix, and every key's
 * secret (and passphrase) is derived from the key, so tests and e2e can build
 * matching pairs without a shared table. See the top of server.ts.
 */

export const MOCK_EXCHANGE_IDS = ["binance", "coinbase", "kraken", "okx", "bybit", "kucoin", "gemini", "bitstamp"] as const;
export type MockExchangeId = (typeof MOCK_EXCHANGE_IDS)[number];

export const SCENARIOS = {
  "ro-": "read-only",
  "trade-": "trade",
  "withdraw-": "withdraw",
  "revoked-": "revoked",
  "ipblock-": "ip-blocked",
  "ratelimit-": "rate-limited",
  "down-": "down",
  "slow-": "slow",
  "flaky429-": "flaky-429",
  "flaky503-": "flaky-503",
} as const;
export type Scenario = (typeof SCENARIOS)[keyof typeof SCENARIOS] | "invalid";
export type ScenarioPrefix = keyof typeof SCENARIOS;

/** Coinbase CDP key names and Gemini account keys have a fixed outer shape; the scenario prefix is the part inside it. */
function innerKey(apiKey: string): string {
  const cdp = /^organizations\/[^/]+\/apiKeys\/(.+)$/.exec(apiKey);
  if (cdp) return cdp[1] as string;
  if (apiKey.startsWith("account-")) return apiKey.slice("account-".length);
  return apiKey;
}

export function scenarioOf(apiKey: string): Scenario {
  const inner = innerKey(apiKey);
  for (const [prefix, scenario] of Object.entries(SCENARIOS)) {
    if (inner.startsWith(prefix)) return scenario;
  }
  return "invalid";
}

/** What the key may do beyond reading, per scenario. */
export interface Grants {
  trade: boolean;
  withdraw: boolean;
}
export function grantsOf(scenario: Scenario): Grants {
  return { trade: scenario === "trade", withdraw: scenario === "withdraw" };
}

/** Builds a key in the exchange's own format: `ro-1`, `account-ro-1` (Gemini), `organizations/lotwise-mock/apiKeys/ro-1` (Coinbase). */
export function mockApiKey(exchange: MockExchangeId, prefix: ScenarioPrefix | "bogus-", suffix = "1"): string {
  const inner = `${prefix}${suffix}`;
  if (exchange === "coinbase") return `organizations/lotwise-mock/apiKeys/${inner}`;
  if (exchange === "gemini") return `account-${inner}`;
  return inner;
}

export function mockPassphraseFor(apiKey: string): string {
  return `pass-for-${apiKey}`;
}

/**
 * The secret the mock expects for `apiKey`:
 * - HMAC exchanges: `secret-for-<apiKey>`;
 * - Kraken: base64 of that (Kraken secrets are base64 and ccxt decodes them);
 * - Coinbase: a P-256 private key (SEC1 PEM) whose scalar is sha256(`secret-for-<apiKey>`).
 */
export function mockSecretFor(exchange: MockExchangeId, apiKey: string): string {
  const base = `secret-for-${apiKey}`;
  if (exchange === "kraken") return Buffer.from(base, "utf8").toString("base64");
  if (exchange === "coinbase") return coinbasePrivateKeyPem(base);
  return base;
}

export interface MockCredentials {
  apiKey: string;
  secret: string;
  password?: string;
}

/** A matching key/secret(/passphrase) for `exchange` and scenario prefix. */
export function mockCredentials(exchange: MockExchangeId, prefix: ScenarioPrefix | "bogus-", suffix = "1"): MockCredentials {
  const apiKey = mockApiKey(exchange, prefix, suffix);
  const creds: MockCredentials = { apiKey, secret: mockSecretFor(exchange, apiKey) };
  if (exchange === "okx" || exchange === "kucoin") creds.password = mockPassphraseFor(apiKey);
  return creds;
}

function p256Jwk(seed: string): { kty: "EC"; crv: "P-256"; d: string; x: string; y: string } {
  const d = createHash("sha256").update(seed).digest();
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(d);
  const pub = ecdh.getPublicKey(); // 0x04 || x || y
  return {
    kty: "EC",
    crv: "P-256",
    d: d.toString("base64url"),
    x: pub.subarray(1, 33).toString("base64url"),
    y: pub.subarray(33, 65).toString("base64url"),
  };
}

function coinbasePrivateKeyPem(seed: string): string {
  return createPrivateKey({ key: p256Jwk(seed), format: "jwk" }).export({ type: "sec1", format: "pem" }).toString();
}

/** The public half of the Coinbase mock key, for verifying its ES256 JWTs. */
export function coinbasePublicJwk(apiKey: string): { kty: "EC"; crv: "P-256"; x: string; y: string } {
  const { kty, crv, x, y } = p256Jwk(`secret-for-${apiKey}`);
  return { kty, crv, x, y };
}
