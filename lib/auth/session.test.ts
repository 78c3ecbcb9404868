import { beforeEach, describe, expect, it, vi } from "vitest";

/** What the request carries and what the database says, per test. */
const world = vi.hoisted(() => ({
  cookie: "token-1" as string | null,
  token: { user: { id: "u1" }, sv: 3, exp: Math.floor(Date.now() / 1000) + 3600 } as { user: { id: string }; sv: number; exp: number } | null,
  stored: { id: "u1", email: "a@example.test", name: null as string | null, sessionVersion: 3 },
  /** Resolves the account-state read when called (so a test can hold the check open). */
  release: null as null | (() => void),
  hold: false,
}));

vi.mock("next/headers", () => ({
  cookies: async () => ({ getAll: () => (world.cookie ? [{ name: "authjs.session-token", value: world.cookie }] : []) }),
  headers: async () => new Headers({ "x-lotwise-path": "/transactions" }),
}));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw new Error(`NEXT_REDIRECT ${to}`);
  },
}));
vi.mock("./config", () => ({ auth: async () => world.token }));
vi.mock("@/lib/server/request-snapshot", () => ({
  accountState: async (userId: string) => {
    if (world.hold) await new Promise<void>((resolve) => (world.release = resolve));
    return userId === world.stored.id ? { user: world.stored, tax: null, demo: false } : null;
  },
}));

const { requireUserWith } = await import("./session");

beforeEach(() => {
  // A new token value per test: verified tokens are remembered by cookie value.
  world.cookie = `token-${Math.random()}`;
  world.token = { user: { id: "u1" }, sv: 3, exp: Math.floor(Date.now() / 1000) + 3600 };
  world.stored = { id: "u1", email: "a@example.test", name: null, sessionVersion: 3 };
  world.hold = false;
});

describe("requireUserWith", () => {
  it("starts the read while the session is still being checked, and returns both once it passes", async () => {
    world.hold = true;
    const read = vi.fn(async (userId: string) => `rows of ${userId}`);
    const done = requireUserWith(read);
    await vi.waitFor(() => expect(world.release).not.toBeNull());
    // The check is still open, and the read has already gone out.
    expect(read).toHaveBeenCalledWith("u1");
    world.release?.();
    expect(await done).toEqual([world.stored, "rows of u1"]);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it("drops the read's result and redirects when the session was revoked (older session version)", async () => {
    world.stored = { ...world.stored, sessionVersion: 4 };
    const read = vi.fn(async () => {
      throw new Error("must not surface");
    });
    await expect(requireUserWith(read)).rejects.toThrow("NEXT_REDIRECT /signin?callbackUrl=%2Ftransactions");
  });

  it("reads nothing without a session", async () => {
    world.cookie = null;
    world.token = null;
    const read = vi.fn(async () => "x");
    await expect(requireUserWith(read)).rejects.toThrow("NEXT_REDIRECT");
    expect(read).not.toHaveBeenCalled();
  });
});
