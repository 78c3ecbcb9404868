import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mockCredentials, startMockExchange, type MockExchangeHandle, type ScenarioPrefix } from "../../e2e/mock-exchange/server";
import { EXCHANGE_IDS, type ExchangeId } from "./catalog";
import { mockBaseUrlFromEnv, type ExchangeCredentials } from "./client";
import { createLogger } from "../log";
import { verifyReadOnly, type VerifyOutcome } from "./verify-read-only";

/**
 * Real ccxt 4.5.84 against the loopback mock (e2e/mock-exchange): every
 * exchange × every key scenario. The expected code per exchange follows what
 * each exchange can tell apart (notes, per-exchange "Errors"): Binance,
 * Coinbase, Kraken, KuCoin, Gemini and Bitstamp answer a deleted key like a
 * wrong one, and only OKX, Bybit, KuCoin and Bitstamp name an IP refusal.
 */

let mock: MockExchangeHandle;
beforeAll(async () => {
  mock = await startMockExchange({ slowMs: 2_000 });
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => {
  mock.state.reset();
  logged.length = 0;
});

const logged: string[] = [];
const logger = createLogger({
  level: "debug",
  destination: { write: (line: string) => void logged.push(line) },
});
const verify = (id: ExchangeId, creds: ExchangeCredentials) => verifyReadOnly(id, creds, { mockBaseUrl: mock.url, timeoutMs: 400, logger });

type Expect = { code: VerifyOutcome["code"]; detail?: string };
const AMBIGUOUS: Expect = { code: "invalid-key", detail: "ambiguous-auth" };

const REVOKED: Record<ExchangeId, Expect> = {
  binance: AMBIGUOUS,
  coinbase: AMBIGUOUS,
  kraken: AMBIGUOUS,
  okx: { code: "revoked-key" },
  bybit: { code: "revoked-key" },
  kucoin: AMBIGUOUS,
  gemini: AMBIGUOUS,
  bitstamp: AMBIGUOUS,
};
const IP_BLOCKED: Record<ExchangeId, Expect> = {
  binance: AMBIGUOUS,
  coinbase: AMBIGUOUS,
  kraken: AMBIGUOUS,
  okx: { code: "ip-restricted" },
  bybit: { code: "ip-restricted" },
  kucoin: { code: "ip-restricted" },
  gemini: AMBIGUOUS,
  bitstamp: { code: "ip-restricted" },
};
const INVALID: Record<ExchangeId, Expect> = {
  binance: AMBIGUOUS,
  coinbase: AMBIGUOUS,
  kraken: AMBIGUOUS,
  okx: { code: "invalid-key" },
  bybit: { code: "invalid-key" },
  kucoin: AMBIGUOUS,
  gemini: AMBIGUOUS,
  bitstamp: AMBIGUOUS,
};

const SCENARIOS: { prefix: ScenarioPrefix | "bogus-"; want: (id: ExchangeId) => Expect }[] = [
  { prefix: "ro-", want: () => ({ code: "read-only" }) },
  { prefix: "trade-", want: () => ({ code: "not-read-only" }) },
  { prefix: "withdraw-", want: () => ({ code: "not-read-only" }) },
  { prefix: "bogus-", want: (id) => INVALID[id] },
  { prefix: "revoked-", want: (id) => REVOKED[id] },
  { prefix: "ipblock-", want: (id) => IP_BLOCKED[id] },
  { prefix: "ratelimit-", want: () => ({ code: "rate-limited" }) },
  { prefix: "down-", want: () => ({ code: "exchange-down" }) },
  { prefix: "slow-", want: () => ({ code: "timeout" }) },
];

const CASES = EXCHANGE_IDS.flatMap((id) => SCENARIOS.map((s) => ({ id, prefix: s.prefix, want: s.want(id) })));

/** Nothing in an outcome or a log line may quote the secret or the passphrase. */
function expectNoSecrets(outcome: VerifyOutcome, creds: ExchangeCredentials) {
  const text = JSON.stringify(outcome) + logged.join("");
  expect(text).not.toContain(creds.secret);
  expect(text).not.toContain(JSON.stringify(creds.secret).slice(1, -1));
  if (creds.password) expect(text).not.toContain(creds.password);
}

describe("verifyReadOnly against the mock exchange", () => {
  it.each(CASES)("$id / $prefix → $want.code", async ({ id, prefix, want }) => {
    const creds = mockCredentials(id, prefix);
    const outcome = await verify(id, creds);
    expect({ code: outcome.code, detail: "detail" in outcome ? outcome.detail : undefined }).toEqual({ code: want.code, detail: want.detail });
    expectNoSecrets(outcome, creds);
    if (outcome.code === "not-read-only") {
      expect(outcome.reasons.length).toBeGreaterThan(0);
      expect(outcome.fix).not.toBe("");
    }
    if (outcome.ok) {
      expect(outcome.checkedBy).not.toBe("");
      // Every private call ccxt made was routed, signed correctly and answered 2xx.
      expect(mock.state.requests.filter((r) => r.status >= 300 && r.status !== 403)).toEqual([]);
    }
    if (!outcome.ok && outcome.code !== "not-read-only") {
      expect(outcome.message).not.toBe("");
      expect(logged.join("")).toContain('"msg":"exchange key verification failed"');
    }
  });

  it.each(EXCHANGE_IDS)("%s: every request of the happy path is routed", async (id) => {
    await verify(id, mockCredentials(id, "ro-"));
    expect(mock.state.requests.filter((r) => !r.routed)).toEqual([]);
  });

  it.each(EXCHANGE_IDS)("%s: a wrong secret is reported as a wrong secret", async (id) => {
    const creds = mockCredentials(id, "ro-");
    const wrong = { ...creds, secret: mockCredentials(id, "ro-", "other").secret };
    const outcome = await verify(id, wrong);
    // Coinbase answers a badly signed JWT with the same bare 401 as an unknown key; KuCoin
    // checks the passphrase (signed with the secret) before the signature.
    const want =
      id === "coinbase" ? AMBIGUOUS : id === "kucoin" ? { code: "invalid-key", detail: "wrong-passphrase" } : { code: "invalid-key", detail: "wrong-secret" };
    expect({ code: outcome.code, detail: "detail" in outcome ? outcome.detail : undefined }).toEqual(want);
    expectNoSecrets(outcome, wrong);
  });

  it.each(["okx", "kucoin"] as const)("%s: a wrong passphrase is reported as such", async (id) => {
    const creds = { ...mockCredentials(id, "ro-"), password: "not-the-passphrase" };
    const outcome = await verify(id, creds);
    expect(outcome).toMatchObject({ ok: false, code: "invalid-key", detail: "wrong-passphrase" });
    expectNoSecrets(outcome, creds);
  });

  it.each(["okx", "kucoin"] as const)("%s: a missing passphrase is caught before any request", async (id) => {
    const { apiKey, secret } = mockCredentials(id, "ro-");
    expect(await verify(id, { apiKey, secret })).toMatchObject({ code: "invalid-key", detail: "missing-passphrase" });
    expect(mock.state.requests).toEqual([]);
  });

  it("gemini: a master key is refused with its own message", async () => {
    const outcome = await verify("gemini", { apiKey: "master-ro-1", secret: "secret-for-master-ro-1" });
    expect(outcome).toMatchObject({ code: "invalid-key", detail: "gemini-master-key" });
  });

  it("coinbase: swapped key name and private key are caught", async () => {
    const creds = mockCredentials("coinbase", "ro-");
    expect(await verify("coinbase", { apiKey: creds.secret, secret: creds.apiKey })).toMatchObject({ detail: "key-format" });
  });

  it("coinbase: a PEM pasted with literal \\n is accepted", async () => {
    const creds = mockCredentials("coinbase", "ro-");
    expect(await verify("coinbase", { ...creds, secret: creds.secret.trim().replace(/\n/g, "\\n") })).toMatchObject({ ok: true });
  });

  it("kraken: the trade probe sends validate=true (the mock treats anything else as a real order and refuses it)", async () => {
    const outcome = await verify("kraken", mockCredentials("kraken", "trade-"));
    expect(outcome).toMatchObject({ code: "not-read-only", reasons: ["The key can create orders (“Create & modify orders” is on)."] });
    expect(mock.state.requests.filter((r) => r.path === "/0/private/AddOrder")).toHaveLength(1);
  });

  it("an unreachable exchange is reported as down", async () => {
    const closed = await startMockExchange();
    const url = closed.url;
    await closed.close();
    const outcome = await verifyReadOnly("okx", mockCredentials("okx", "ro-"), { mockBaseUrl: url, timeoutMs: 1_000, logger });
    expect(outcome.code).toBe("exchange-down");
  });
});

describe("mockBaseUrlFromEnv", () => {
  it.each([
    { env: {}, want: undefined },
    { env: { LOTWISE_EXCHANGE_MOCK_URL: "http://127.0.0.1:4010/" }, want: "http://127.0.0.1:4010" },
    { env: { LOTWISE_EXCHANGE_MOCK_URL: "http://localhost:4010" }, want: "http://localhost:4010" },
  ])("$env", ({ env, want }) => {
    expect(mockBaseUrlFromEnv(env)).toBe(want);
  });

  it("refuses a non-loopback host, so real keys cannot be sent elsewhere", () => {
    expect(() => mockBaseUrlFromEnv({ LOTWISE_EXCHANGE_MOCK_URL: "http://example.com:4010" })).toThrow(/loopback/);
  });
});
