import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "./prisma";
import { bumpSessionVersion, createUserWithPassword, getUserSettings, updateUserSettings, upsertOAuthUser } from "./users";
import { countRecentFailures, recordLoginAttempt } from "./login-attempts";
import { readAccountState } from "./account-state";

const email = (tag: string) => `${tag}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`;

afterAll(async () => {
  await prisma.$disconnect();
});

describe("users on Postgres", () => {
  it("creates a user once per email and stores settings per user", async () => {
    const a = await createUserWithPassword({ email: email("a"), name: "A", passwordHash: "$argon2id$x" });
    if (a === "email-taken") throw new Error("unexpected");
    expect(await createUserWithPassword({ email: a.email, name: null, passwordHash: "$argon2id$y" })).toBe("email-taken");

    const b = await createUserWithPassword({ email: email("b"), name: "B", passwordHash: "$argon2id$z" });
    if (b === "email-taken") throw new Error("unexpected");
    await updateUserSettings(a.id, { jurisdiction: "UK", baseCurrency: "GBP", costBasisMethod: "FIFO", timeZone: "Europe/London", autoSync: false });
    expect(await getUserSettings(a.id)).toEqual({ jurisdiction: "UK", baseCurrency: "GBP", costBasisMethod: "FIFO", timeZone: "Europe/London", autoSync: false });
    expect(await getUserSettings(b.id)).toEqual({ jurisdiction: "US", baseCurrency: "USD", costBasisMethod: "FIFO", timeZone: "UTC", autoSync: true });
  });

  it("bumps the session version so older sessions stop matching", async () => {
    const u = await createUserWithPassword({ email: email("sv"), name: null, passwordHash: "$argon2id$x" });
    if (u === "email-taken") throw new Error("unexpected");
    await bumpSessionVersion(u.id);
    expect((await readAccountState(u.id))?.user.sessionVersion).toBe(u.sessionVersion + 1);
  });

  it("links an OAuth identity to the user with that email, once", async () => {
    const e = email("oauth");
    const first = await upsertOAuthUser({ provider: "github", providerAccountId: e, email: e, name: "O" });
    const again = await upsertOAuthUser({ provider: "github", providerAccountId: e, email: e, name: "O" });
    expect(again.id).toBe(first.id);
  });

  it("counts recent failures by email and by IP, and a success clears the account's streak", async () => {
    const e = email("rl");
    const since = new Date(Date.now() - 60_000);
    await recordLoginAttempt(e, "10.0.0.9", false);
    await recordLoginAttempt(e, "10.0.0.9", false);
    expect((await countRecentFailures(e, "10.0.0.9", since)).byEmail).toBe(2);
    await recordLoginAttempt(e, "10.0.0.9", true);
    expect((await countRecentFailures(e, "10.0.0.9", since)).byEmail).toBe(0);
  });
});
