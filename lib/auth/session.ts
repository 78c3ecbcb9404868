import "server-only";
import { cache } from "react";
import { redirect } from "next/navigation";
import { cookies, headers } from "next/headers";
import { auth } from "./config";
import { sessionTokenKey, VerifiedSessionCache, type VerifiedSession } from "./session-cache";
import type { SessionUser } from "@/lib/db/users";
import { accountState } from "@/lib/server/request-snapshot";

const verified = new VerifiedSessionCache();

/** The user id and session version the request's token carries, decrypting it only the first time it is seen. */
async function verifiedSession(): Promise<VerifiedSession | null> {
  const key = sessionTokenKey((await cookies()).getAll());
  const now = Date.now();
  const hit = key ? verified.get(key, now) : undefined;
  if (hit) return hit;
  const session = (await auth()) as { user?: { id?: string }; sv?: number; exp?: number } | null;
  const userId = session?.user?.id;
  if (!userId) return null;
  const found = { userId, sessionVersion: typeof session.sv === "number" ? session.sv : -1 };
  if (key) verified.set(key, found, typeof session.exp === "number" ? session.exp * 1000 : undefined, now);
  return found;
}

/**
 * The signed-in user, or null. JWTs cannot be revoked by themselves, so each request compares the
 * token's session version with the user's current one: "sign out everywhere" and password changes
 * bump it and every older token stops working.
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await verifiedSession();
  if (!session) return null;
  // The request's account state (one query that also serves the layout's and the page's reads).
  const user = (await accountState(session.userId))?.user;
  if (!user || session.sessionVersion !== user.sessionVersion) return null;
  return user;
});

/** For pages and server actions: the signed-in user, else a redirect to sign-in. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) {
    // proxy.ts passes the requested path along so sign-in can return there.
    const path = (await headers()).get("x-lotwise-path");
    redirect(path && path !== "/" ? `/signin?callbackUrl=${encodeURIComponent(path)}` : "/signin");
  }
  return user;
}

/**
 * `requireUser()` and a read of that user's data in one round trip rather than two in a row: the
 * read starts from the user id of the request's verified token while the session version is
 * checked, and its result is returned only once the check has passed (a signed-out or revoked
 * session is redirected and the read's result dropped unseen). Under load every awaited round trip
 * is another wait behind every other request's work, so a page's latency follows their number.
 */
export async function requireUserWith<T>(read: (userId: string) => Promise<T>): Promise<[SessionUser, T]> {
  const session = await verifiedSession();
  const pending = session ? read(session.userId) : null;
  // A read failing while the check redirects must not surface as an unhandled rejection.
  pending?.catch(() => {});
  // requireUser checked this same token (it redirects otherwise), so the read was for `user`.
  const user = await requireUser();
  return [user, await (pending ?? read(user.id))];
}

export class UnauthorizedError extends Error {
  constructor() {
    super("Not signed in");
  }
}

/** For route handlers: the signed-in user, else throws UnauthorizedError (turned into a 401). */
export async function requireUserForRoute(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) throw new UnauthorizedError();
  return user;
}
