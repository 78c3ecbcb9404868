import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "./prisma";
import { pgPool } from "./pg";
import { readAccountState } from "./account-state";
import { loadDemoPortfolio, removeDemoPortfolio } from "./demo";
import { taxCacheState, writeTaxCache } from "./tax-cache";
import { bumpSessionVersion, createUserWithPassword } from "./users";

const email = (tag: string) => `${tag}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`;

async function newUser(tag: string) {
  const u = await createUserWithPassword({ email: email(tag), name: `User ${tag}`, passwordHash: "$argon2id$x" });
  if (u === "email-taken") throw new Error("unexpected");
  return u;
}

afterAll(async () => {
  await pgPool().end();
  await prisma.$disconnect();
});

describe("readAccountState", () => {
  it("is null for an unknown user", async () => {
    expect(await readAccountState("no-such-user")).toBeNull();
  });

  it("reads the session user, the same tax cache state as taxCacheState, and the demo flag", async () => {
    const u = await newUser("acct");
    const fresh = await readAccountState(u.id);
    expect(fresh?.user).toEqual({ id: u.id, email: u.email, name: "User acct", sessionVersion: u.sessionVersion });
    expect(fresh?.demo).toBe(false);
    expect(fresh?.tax).toEqual(await taxCacheState(u.id));
    expect(fresh?.tax.cached.size).toBe(0);

    // Two cached results (one row each in the join) still make one user and one state.
    await writeTaxCache(u.id, { settingsKey: "us|fifo", ledgerVersion: 0, result: new Uint8Array([1]), parts: [] }, []);
    await writeTaxCache(u.id, { settingsKey: "uk|uk-matching", ledgerVersion: 0, result: new Uint8Array([2]), parts: [] }, []);
    await bumpSessionVersion(u.id);
    expect(await loadDemoPortfolio(u.id, "USD")).toMatchObject({ transactions: expect.any(Number) });
    const later = await readAccountState(u.id);
    expect(later?.user.sessionVersion).toBe(u.sessionVersion + 1);
    expect(later?.demo).toBe(true);
    expect(later?.tax.ledgerVersion).toBeGreaterThan(0);
    expect([...(later?.tax.cached ?? new Map())].sort()).toEqual([
      ["uk|uk-matching", 0],
      ["us|fifo", 0],
    ]);
    expect(later?.tax).toEqual(await taxCacheState(u.id));

    expect(await removeDemoPortfolio(u.id)).toBe(true);
    expect((await readAccountState(u.id))?.demo).toBe(false);
  });
});
