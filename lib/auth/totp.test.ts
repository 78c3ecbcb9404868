import { describe, expect, it } from "vitest";
import {
  decodeTotpState,
  encodeTotpState,
  formatSecretForDisplay,
  generateTotpSecret,
  normalizeTotpCode,
  totpCodeAt,
  totpKeyUri,
  totpQrDataUrl,
  verifyTotp,
} from "./totp";

// RFC 6238 appendix B: the ASCII seed "12345678901234567890" (SHA-1), in Base32.
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
// Mid-step, so ±15 s stays inside the same step.
const now = new Date(Date.UTC(2025, 0, 15, 12, 0, 15));
const step = Math.floor(now.getTime() / 30_000);
const at = (offsetSeconds: number) => new Date(now.getTime() + offsetSeconds * 1000);

describe("TOTP codes", () => {
  it.each([
    { t: 59, code: "287082" },
    { t: 1111111109, code: "081804" },
    { t: 1234567890, code: "005924" },
    { t: 2000000000, code: "279037" },
  ])("matches RFC 6238's SHA-1 vector at T=$t (last six digits)", async ({ t, code }) => {
    expect(await totpCodeAt(RFC_SECRET, new Date(t * 1000))).toBe(code);
  });

  it.each([
    { name: "current step", offset: 0, ok: true, delta: 0 },
    { name: "same step, later in it", offset: 14, ok: true, delta: 0 },
    { name: "one step behind (phone slow)", offset: -30, ok: true, delta: -1 },
    { name: "one step ahead (phone fast)", offset: 30, ok: true, delta: 1 },
    { name: "two steps behind", offset: -60, ok: false, delta: 0 },
    { name: "two steps ahead", offset: 60, ok: false, delta: 0 },
  ])("accepts ±1 step of drift: $name", async ({ offset, ok, delta }) => {
    const code = await totpCodeAt(secret, at(offset));
    const verdict = await verifyTotp(secret, code, { now, lastStep: null });
    expect(verdict).toEqual(ok ? { ok: true, step: step + delta } : { ok: false, reason: "invalid" });
  });

  it.each([
    { name: "the same code again", codeOffset: 0, lastStepDelta: 0, expected: "replayed" },
    { name: "an older code after a newer one", codeOffset: -30, lastStepDelta: 0, expected: "replayed" },
    { name: "any code after a future step was used", codeOffset: 0, lastStepDelta: 1, expected: "replayed" },
    { name: "the next step's code", codeOffset: 30, lastStepDelta: 0, expected: "ok" },
    { name: "the current code after the previous step", codeOffset: 0, lastStepDelta: -1, expected: "ok" },
  ])("refuses replays within the window: $name", async ({ codeOffset, lastStepDelta, expected }) => {
    const code = await totpCodeAt(secret, at(codeOffset));
    const verdict = await verifyTotp(secret, code, { now, lastStep: step + lastStepDelta });
    expect(verdict.ok ? "ok" : verdict.reason).toBe(expected);
  });

  it("refuses a wrong code and a code made from another secret", async () => {
    const right = await totpCodeAt(secret, now);
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, "0");
    expect(await verifyTotp(secret, wrong, { now, lastStep: null })).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyTotp(secret, await totpCodeAt(RFC_SECRET, now), { now, lastStep: null })).toMatchObject({ ok: false });
  });

  it.each([
    { input: "123456", code: "123456" },
    { input: " 123 456 ", code: "123456" },
    { input: "123-456", code: "123456" },
    { input: "12345", code: null },
    { input: "1234567", code: null },
    { input: "12a456", code: null },
    { input: "", code: null },
  ])("normalizes $input", ({ input, code }) => {
    expect(normalizeTotpCode(input)).toBe(code);
  });

  it("calls anything but six digits malformed instead of throwing", async () => {
    for (const input of ["", "abc", "1234567", "abcde-fghij"]) {
      expect(await verifyTotp(secret, input, { now, lastStep: null })).toEqual({ ok: false, reason: "malformed" });
    }
  });

  it("accepts a code typed with a space", async () => {
    const code = await totpCodeAt(secret, now);
    expect(await verifyTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, { now, lastStep: null })).toEqual({ ok: true, step });
  });
});

describe("TOTP secrets and provisioning", () => {
  it("generates 160-bit Base32 secrets, different every time", () => {
    const a = generateTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(generateTotpSecret()).not.toBe(a);
  });

  it("round-trips the sealed payload and rejects anything else", () => {
    expect(decodeTotpState(encodeTotpState({ secret, lastStep: 42 }))).toEqual({ secret, lastStep: 42 });
    expect(decodeTotpState(encodeTotpState({ secret, lastStep: null }))).toEqual({ secret, lastStep: null });
    for (const bad of ["", "not json", "{}", '{"v":2,"secret":"JBSWY3DPEHPK3PXP","lastStep":null}', '{"v":1,"secret":"lower-case","lastStep":null}', `{"v":1,"secret":"${secret}","lastStep":-1}`, `{"v":1,"secret":"${secret}","lastStep":"3"}`]) {
      expect(decodeTotpState(bad)).toBeNull();
    }
  });

  it("builds an otpauth URI with issuer, account and secret", () => {
    const uri = totpKeyUri("ada@example.test", secret);
    expect(uri.startsWith("otpauth://totp/Lotwise:ada%40example.test?")).toBe(true);
    const params = new URL(uri).searchParams;
    expect(params.get("secret")).toBe(secret);
    expect(params.get("issuer")).toBe("Lotwise");
  });

  it("renders the QR code as an SVG data URL", async () => {
    const url = await totpQrDataUrl(totpKeyUri("ada@example.test", secret));
    expect(url.startsWith("data:image/svg+xml;base64,")).toBe(true);
    expect(Buffer.from(url.split(",")[1]!, "base64").toString("utf8")).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it("groups the secret in fours for typing", () => {
    expect(formatSecretForDisplay("ABCDEFGHIJ")).toBe("ABCD EFGH IJ");
    expect(formatSecretForDisplay(secret).replace(/ /g, "")).toBe(secret);
  });
});
