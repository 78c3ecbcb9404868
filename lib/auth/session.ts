import "server-only";
import { cache } from "react";
import { redirect } from "next/navigation";
import { cookies, headers } from "next/headers";
import { auth } from "./config";
import { sessionTokenKey, VerifiedSessionCache, type VerifiedSession } from "./session-cache";
import { findUserForSession, type SessionUser } from "@/lib/db/users";

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
  const user = await findUserForSession(session.userId);
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
