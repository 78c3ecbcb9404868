import { afterAll, describe, expect, it, vi } from "vitest";
import { encryptSecret, generateMasterKey } from "@/lib/crypto";
import { totpCodeAt } from "@/lib/auth/totp";
import { prisma } from "./prisma";
import { createUserWithPassword } from "./users";
import {
  cancelTotpSetup,
  confirmTotpSetup,
  disableTwoFactor,
  getPendingTotpSecret,
  getTwoFactorStatus,
  isTwoFactorEnabled,
  regenerateRecoveryCodes,
  startTotpSetup,
  verifySecondFactor,
} from "./two-factor";

const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
// Mid-step, so the steps used below are unambiguous.
const t0 = new Date(Math.floor(Date.now() / 30_000) * 30_000 + 10_000);
const later = (steps: number) => new Date(t0.getTime() + steps * 30_000);

async function newUser(tag: string) {
  const u = await createUserWithPassword({ email: `${tag}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`, name: null, passwordHash: "$argon2id$x" });
  if (u === "email-taken") throw new Error("unexpected");
  return u;
}

/** A user with two-factor on (confirmed at t0), and the recovery codes they were shown. */
async function enabledUser(tag: string, secret = SECRET) {
  const u = await newUser(tag);
  expect(await startTotpSetup(u.id, secret)).toBe("started");
  const confirmed = await confirmTotpSetup(u.id, await totpCodeAt(secret, t0), t0);
  if (!confirmed.ok) throw new Error(`setup failed: ${confirmed.reason}`);
  return { user: u, codes: confirmed.recoveryCodes };
}

afterAll(async () => {
  await prisma.$disconnect();
});

describe("two-factor on Postgres", () => {
  it("keeps a setup pending (sealed) until a valid code confirms it, then issues ten hashed recovery codes", async () => {
    const u = await newUser("setup");
    expect(await getTwoFactorStatus(u.id)).toEqual({ enabled: false, enabledAt: null, pendingSetup: false, recoveryCodesLeft: 0 });

    expect(await startTotpSetup(u.id, SECRET)).toBe("started");
    expect(await getTwoFactorStatus(u.id)).toMatchObject({ enabled: false, pendingSetup: true });
    expect(await getPendingTotpSecret(u.id)).toBe(SECRET);
    const row = await prisma.user.findUniqueOrThrow({ where: { id: u.id }, select: { totpSecretSealed: true } });
    expect(row.totpSecretSealed).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(row.totpSecretSealed).not.toContain(SECRET);

    // A pending secret does not count at sign-in.
    expect(await isTwoFactorEnabled(u.id)).toBe(false);
    expect(await verifySecondFactor(u.id, await totpCodeAt(SECRET, t0), t0)).toEqual({ ok: false, reason: "not-enabled" });

    expect(await confirmTotpSetup(u.id, "000000", t0)).toMatchObject({ ok: false });
    expect(await confirmTotpSetup(u.id, await totpCodeAt(SECRET, later(-3)), t0)).toEqual({ ok: false, reason: "invalid" });
    expect(await isTwoFactorEnabled(u.id)).toBe(false);

    const confirmed = await confirmTotpSetup(u.id, await totpCodeAt(SECRET, t0), t0);
    expect(confirmed.ok).toBe(true);
    if (!confirmed.ok) return;
    expect(confirmed.recoveryCodes).toHaveLength(10);
    expect(await getTwoFactorStatus(u.id)).toEqual({ enabled: true, enabledAt: t0, pendingSetup: false, recoveryCodesLeft: 10 });
    // Once on, the secret is no longer handed out, and a new setup cannot replace it.
    expect(await getPendingTotpSecret(u.id)).toBeNull();
    expect(await startTotpSetup(u.id, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")).toBe("already-enabled");
    expect(await confirmTotpSetup(u.id, await totpCodeAt(SECRET, later(1)), later(1))).toEqual({ ok: false, reason: "already-enabled" });

    const stored = await prisma.recoveryCode.findMany({ where: { userId: u.id } });
    expect(stored).toHaveLength(10);
    for (const r of stored) {
      expect(r.codeHash.startsWith("$argon2id$")).toBe(true);
      for (const c of confirmed.recoveryCodes) expect(r.codeHash).not.toContain(c.replace("-", ""));
    }
  });

  it("a restarted setup issues a new secret; the old one's code no longer confirms; cancel forgets it", async () => {
    const u = await newUser("restart");
    await startTotpSetup(u.id, SECRET);
    const other = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    await startTotpSetup(u.id, other);
    expect(await getPendingTotpSecret(u.id)).toBe(other);
    expect(await confirmTotpSetup(u.id, await totpCodeAt(SECRET, t0), t0)).toEqual({ ok: false, reason: "invalid" });
    await cancelTotpSetup(u.id);
    expect(await getTwoFactorStatus(u.id)).toMatchObject({ enabled: false, pendingSetup: false });
    expect(await confirmTotpSetup(u.id, await totpCodeAt(other, t0), t0)).toEqual({ ok: false, reason: "no-setup" });
  });

  it("accepts a TOTP code once: the confirming code and any code from an earlier step are replays", async () => {
    const { user } = await enabledUser("totp");
    expect(await verifySecondFactor(user.id, await totpCodeAt(SECRET, t0), t0)).toEqual({ ok: false, reason: "replayed" });
    expect(await verifySecondFactor(user.id, "12345", later(1))).toEqual({ ok: false, reason: "malformed" });

    const next = await totpCodeAt(SECRET, later(1));
    expect(await verifySecondFactor(user.id, next, later(1))).toEqual({ ok: true, method: "totp" });
    expect(await verifySecondFactor(user.id, next, later(1))).toEqual({ ok: false, reason: "replayed" });
    // The same code is still inside the drift window a step later, and still refused.
    expect(await verifySecondFactor(user.id, next, later(2))).toEqual({ ok: false, reason: "replayed" });
    // A phone one step fast is fine.
    expect(await verifySecondFactor(user.id, await totpCodeAt(SECRET, later(4)), later(3))).toEqual({ ok: true, method: "totp" });
    expect(await verifySecondFactor(user.id, await totpCodeAt(SECRET, later(3)), later(3))).toEqual({ ok: false, reason: "replayed" });
    expect(await verifySecondFactor(user.id, await totpCodeAt(SECRET, later(10)), later(6))).toEqual({ ok: false, reason: "invalid" });
  });

  it("lets only one of two simultaneous sign-ins spend the same code", async () => {
    const { user } = await enabledUser("race");
    const code = await totpCodeAt(SECRET, later(1));
    const results = await Promise.all([1, 2, 3].map(() => verifySecondFactor(user.id, code, later(1))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);

    const { user: u2, codes } = await enabledUser("race-rc");
    const rc = await Promise.all([1, 2].map(() => verifySecondFactor(u2.id, codes[0]!, later(1))));
    expect(rc.filter((r) => r.ok)).toHaveLength(1);
    expect((await getTwoFactorStatus(u2.id)).recoveryCodesLeft).toBe(9);
  });

  it("spends a recovery code once, however it is typed, and counts what is left", async () => {
    const { user, codes } = await enabledUser("recovery");
    const [first, second] = codes as [string, string];
    expect(await verifySecondFactor(user.id, first.toUpperCase(), t0)).toEqual({ ok: true, method: "recovery" });
    expect(await verifySecondFactor(user.id, first, t0)).toEqual({ ok: false, reason: "invalid" });
    expect(await verifySecondFactor(user.id, second.replace("-", ""), t0)).toEqual({ ok: true, method: "recovery" });
    expect((await getTwoFactorStatus(user.id)).recoveryCodesLeft).toBe(8);
    const used = await prisma.recoveryCode.count({ where: { userId: user.id, usedAt: { not: null } } });
    expect(used).toBe(2);
  });

  it("never accepts one user's codes for another", async () => {
    const a = await enabledUser("owner-a");
    const b = await enabledUser("owner-b", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    expect(await verifySecondFactor(b.user.id, a.codes[0]!, t0)).toEqual({ ok: false, reason: "invalid" });
    expect(await verifySecondFactor(b.user.id, await totpCodeAt(SECRET, later(1)), later(1))).toMatchObject({ ok: false });
    expect((await getTwoFactorStatus(a.user.id)).recoveryCodesLeft).toBe(10);
  });

  it("regenerating replaces every recovery code; turning off forgets the secret and the codes", async () => {
    const { user, codes } = await enabledUser("regen");
    await verifySecondFactor(user.id, codes[0]!, t0);
    const fresh = await regenerateRecoveryCodes(user.id);
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(codes[1]);
    expect((await getTwoFactorStatus(user.id)).recoveryCodesLeft).toBe(10);
    expect(await verifySecondFactor(user.id, codes[1]!, t0)).toEqual({ ok: false, reason: "invalid" });
    expect(await verifySecondFactor(user.id, fresh![0]!, t0)).toEqual({ ok: true, method: "recovery" });

    await disableTwoFactor(user.id);
    expect(await getTwoFactorStatus(user.id)).toEqual({ enabled: false, enabledAt: null, pendingSetup: false, recoveryCodesLeft: 0 });
    expect(await prisma.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).totpSecretSealed).toBeNull();
    expect(await verifySecondFactor(user.id, fresh![1]!, t0)).toEqual({ ok: false, reason: "not-enabled" });
    expect(await regenerateRecoveryCodes(user.id)).toBeNull();
  });

  it("a secret sealed under a key that is gone fails TOTP, but recovery codes still get the user in", async () => {
    const { user, codes } = await enabledUser("lost-key");
    const foreign = encryptSecret(JSON.stringify({ v: 1, secret: SECRET, lastStep: null }), generateMasterKey());
    await prisma.user.update({ where: { id: user.id }, data: { totpSecretSealed: foreign } });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(await verifySecondFactor(user.id, await totpCodeAt(SECRET, later(1)), later(1))).toEqual({ ok: false, reason: "unreadable" });
      expect(logged.mock.calls.flat().join(" ")).toMatch(/could not be opened \(unknown-key\)/);
      expect(logged.mock.calls.flat().join(" ")).not.toContain(SECRET);
    } finally {
      logged.mockRestore();
    }
    expect(await verifySecondFactor(user.id, codes[0]!, later(1))).toEqual({ ok: true, method: "recovery" });
  });
});
