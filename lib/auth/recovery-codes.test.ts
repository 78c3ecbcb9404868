import { describe, expect, it } from "vitest";
import { generateRecoveryCodes, hashRecoveryCode, matchRecoveryCode, normalizeRecoveryCode, RECOVERY_CODE_COUNT } from "./recovery-codes";

describe("recovery codes", () => {
  it("generates ten distinct xxxxx-xxxxx codes from Crockford's alphabet", () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const c of codes) expect(c).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
    expect(generateRecoveryCodes()).not.toEqual(codes);
  });

  it.each([
    { name: "as shown", input: "ab3de-fg7hk", normalized: "ab3defg7hk" },
    { name: "upper case", input: "AB3DE-FG7HK", normalized: "ab3defg7hk" },
    { name: "no dash, spaces", input: " ab3de fg7hk ", normalized: "ab3defg7hk" },
    { name: "i, l and o typed for 1 and 0", input: "iL0oa-bcdef", normalized: "1100abcdef" },
    { name: "too short", input: "ab3de-fg7h", normalized: null },
    { name: "too long", input: "ab3de-fg7hkk", normalized: null },
    { name: "u is not in the alphabet", input: "ab3de-fg7hu", normalized: null },
    { name: "a TOTP code", input: "123456", normalized: null },
  ])("normalizes $name", ({ input, normalized }) => {
    expect(normalizeRecoveryCode(input)).toBe(normalized);
  });

  it("hashes with argon2id and never stores the code", async () => {
    const [code] = generateRecoveryCodes(1) as [string];
    const hash = await hashRecoveryCode(code);
    expect(hash.startsWith("$argon2id$")).toBe(true);
    expect(hash).not.toContain(code);
    expect(hash).not.toContain(code.replace("-", ""));
    await expect(hashRecoveryCode("nope")).rejects.toThrow();
  });

  it("matches a code against the unused hashes, however it is typed, and only once when the caller spends it", async () => {
    const codes = generateRecoveryCodes(3);
    let unused = await Promise.all(codes.map(async (c, i) => ({ id: `rc${i}`, codeHash: await hashRecoveryCode(c) })));
    const second = codes[1]!;
    expect(await matchRecoveryCode(second.toUpperCase().replace("-", " "), unused)).toBe("rc1");
    // Spending it (lib/db/two-factor.ts marks it used) removes it from the unused set.
    unused = unused.filter((r) => r.id !== "rc1");
    expect(await matchRecoveryCode(second, unused)).toBeNull();
    expect(await matchRecoveryCode(codes[2]!, unused)).toBe("rc2");
  });

  it("matches nothing for a made-up or malformed code", async () => {
    const [code] = generateRecoveryCodes(1) as [string];
    const unused = [{ id: "rc0", codeHash: await hashRecoveryCode(code) }];
    expect(await matchRecoveryCode("zzzzz-zzzzz", unused)).toBeNull();
    expect(await matchRecoveryCode("123456", unused)).toBeNull();
    expect(await matchRecoveryCode("", unused)).toBeNull();
  });
});
