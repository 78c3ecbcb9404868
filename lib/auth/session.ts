import "server-only";
import { cache } from "react";
import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { auth } from "./config";
import { findUserForSession, type SessionUser } from "@/lib/db/users";

/**
 * The signed-in user, or null. JWTs cannot be revoked by themselves, so each request compares the
 * token's session version with the user's current one: "sign out everywhere" and password changes
 * bump it and every older token stops working.
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const session = (await auth()) as { user?: { id?: string }; sv?: number } | null;
  const uid = session?.user?.id;
  if (!uid) return null;
  const user = await findUserForSession(uid);
  if (!user || session?.sv !== user.sessionVersion) return null;
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
