import { describe, expect, it } from "vitest";
import { sessionTokenKey, VerifiedSessionCache } from "./session-cache";

describe("sessionTokenKey", () => {
  it.each([
    { name: "no cookies", cookies: [], want: null },
    { name: "other cookies only", cookies: [{ name: "authjs.csrf-token", value: "x" }], want: null },
    { name: "empty session cookie", cookies: [{ name: "authjs.session-token", value: "" }], want: null },
    { name: "plain", cookies: [{ name: "authjs.csrf-token", value: "x" }, { name: "authjs.session-token", value: "abc" }], want: "authjs.session-token=abc" },
    { name: "secure prefix", cookies: [{ name: "__Secure-authjs.session-token", value: "abc" }], want: "__Secure-authjs.session-token=abc" },
    {
      name: "chunks in any order",
      cookies: [
        { name: "authjs.session-token.1", value: "def" },
        { name: "authjs.session-token.0", value: "abc" },
      ],
      want: "authjs.session-token.0=abc;authjs.session-token.1=def",
    },
    { name: "look-alike name", cookies: [{ name: "xauthjs.session-token", value: "abc" }], want: null },
  ])("$name", ({ cookies, want }) => {
    expect(sessionTokenKey(cookies)).toBe(want);
  });
});

describe("VerifiedSessionCache", () => {
  const s = { userId: "u1", sessionVersion: 3 };

  it("returns what was stored until the token expires", () => {
    const c = new VerifiedSessionCache(10, 60_000);
    c.set("k", s, 1_030_000, 1_000_000);
    expect(c.get("k", 1_029_999)).toEqual(s);
    expect(c.get("k", 1_030_000)).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it("keeps an entry at most the TTL even when the token lives longer", () => {
    const c = new VerifiedSessionCache(10, 60_000);
    c.set("k", s, 10_000_000, 1_000_000);
    expect(c.get("k", 1_059_999)).toEqual(s);
    expect(c.get("k", 1_060_000)).toBeUndefined();
  });

  it("keeps nothing without a future expiry", () => {
    const c = new VerifiedSessionCache(10, 60_000);
    c.set("a", s, undefined, 1_000);
    c.set("b", s, 1_000, 1_000);
    c.set("c", s, Number.NaN, 1_000);
    expect(c.size).toBe(0);
  });

  it("is bounded, dropping the oldest entry first", () => {
    const c = new VerifiedSessionCache(2, 60_000);
    c.set("a", s, 100_000, 0);
    c.set("b", s, 100_000, 0);
    c.set("c", s, 100_000, 0);
    expect(c.size).toBe(2);
    expect(c.get("a", 1)).toBeUndefined();
    expect(c.get("c", 1)).toEqual(s);
  });
});
