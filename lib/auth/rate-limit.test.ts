import { describe, expect, it } from "vitest";
import { decideLoginThrottle, LOGIN_WINDOW_MS, MAX_FAILURES_PER_EMAIL, MAX_FAILURES_PER_IP } from "./rate-limit";

const now = new Date("2026-01-01T12:00:00Z");

describe("decideLoginThrottle", () => {
  it("allows below both limits", () => {
    expect(decideLoginThrottle({ failuresByEmail: MAX_FAILURES_PER_EMAIL - 1, failuresByIp: MAX_FAILURES_PER_IP - 1, oldestFailureByEmail: now, now })).toEqual({ allowed: true });
  });

  it("blocks an account at its limit until the oldest failure leaves the window", () => {
    const oldest = new Date(now.getTime() - LOGIN_WINDOW_MS + 60_000);
    expect(decideLoginThrottle({ failuresByEmail: MAX_FAILURES_PER_EMAIL, failuresByIp: 0, oldestFailureByEmail: oldest, now })).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });

  it("blocks an address spraying many accounts", () => {
    const out = decideLoginThrottle({ failuresByEmail: 0, failuresByIp: MAX_FAILURES_PER_IP, oldestFailureByEmail: null, now });
    expect(out.allowed).toBe(false);
  });
});
