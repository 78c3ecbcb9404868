import ccxt from "ccxt";
import { describe, expect, it } from "vitest";
import { createExchangeClient } from "../client";
import { createLogger } from "../../log";
import { backoffDelay, SyncError, withRetry } from "./faults";
import type { WaitInfo } from "./types";

const logger = createLogger({ level: "silent" });
// A client that is never called over the network: faults are thrown by the test's function.
const client = createExchangeClient("binance", { apiKey: "ro-1", secret: "secret-for-ro-1" }, { mockBaseUrl: "http://127.0.0.1:9" });
const noSleep = async () => {};

describe("backoffDelay", () => {
  it("doubles from the base, caps, and jitters downward only", () => {
    const opts = { baseMs: 100, maxMs: 1_000, jitter: 0 };
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, opts))).toEqual([100, 200, 400, 800, 1_000]);
    expect(backoffDelay(3, { baseMs: 100, jitter: 0.5, random: () => 1 })).toBe(200);
    expect(backoffDelay(3, { baseMs: 100, jitter: 0.5, random: () => 0 })).toBe(400);
  });
});

describe("withRetry", () => {
  const failing = (errors: unknown[]) => {
    let i = 0;
    return async () => {
      const e = errors[i++];
      if (e) throw e;
      return "ok";
    };
  };
  const ctx = (waits: WaitInfo[], retries = 3) => ({ exchangeId: "binance" as const, client, logger, backoff: { retries, sleep: noSleep, baseMs: 10, jitter: 0 }, onWait: (w: WaitInfo) => void waits.push(w) });

  it.each([
    { error: new ccxt.RateLimitExceeded("x"), reason: "rate-limited" },
    { error: new ccxt.DDoSProtection("x"), reason: "rate-limited" },
    { error: new ccxt.RequestTimeout("x"), reason: "exchange-down" },
    { error: new ccxt.OnMaintenance("x"), reason: "exchange-down" },
    { error: new ccxt.NetworkError("x"), reason: "exchange-down" },
  ])("retries $error.constructor.name as $reason and then succeeds", async ({ error, reason }) => {
    const waits: WaitInfo[] = [];
    await expect(withRetry(ctx(waits), failing([error, error]))).resolves.toBe("ok");
    expect(waits).toEqual([
      { reason, retryInMs: 10, attempt: 1 },
      { reason, retryInMs: 20, attempt: 2 },
    ]);
  });

  it("gives up after the configured retries with a typed error", async () => {
    const waits: WaitInfo[] = [];
    const e = new ccxt.RateLimitExceeded("x");
    const err = await withRetry(ctx(waits, 2), failing([e, e, e, e])).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(SyncError);
    expect((err as SyncError).code).toBe("rate-limited");
    expect(waits.length).toBe(2);
  });

  it.each([
    { error: new ccxt.AuthenticationError("binance {\"code\":-2015,\"msg\":\"secret-for-ro-1\"}"), code: "needs-attention" },
    { error: new ccxt.PermissionDenied("x"), code: "needs-attention" },
    { error: new ccxt.AccountSuspended("x"), code: "needs-attention" },
    { error: new ccxt.NotSupported("x"), code: "unsupported" },
    { error: new ccxt.BadRequest("x"), code: "unknown" },
    { error: new TypeError("x"), code: "unknown" },
  ])("never retries $error.constructor.name ($code)", async ({ error, code }) => {
    const waits: WaitInfo[] = [];
    const err = await withRetry(ctx(waits), failing([error])).catch((x: unknown) => x);
    expect((err as SyncError).code).toBe(code);
    expect(waits).toEqual([]);
    // Our words only: never the exchange's or ccxt's text.
    expect((err as SyncError).message).not.toContain("secret-for");
    expect((err as SyncError).message).not.toContain("-2015");
  });

  it("stops waiting when the job is cancelled", async () => {
    const controller = new AbortController();
    const e = new ccxt.RequestTimeout("x");
    const p = withRetry({ exchangeId: "binance", client, logger, signal: controller.signal, backoff: { baseMs: 60_000, jitter: 0 } }, failing([e, e]));
    controller.abort(new Error("cancelled"));
    await expect(p).rejects.toThrow("cancelled");
  });
});
