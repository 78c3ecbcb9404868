"use server";

import { signOut } from "@/lib/auth/config";
import { requireUser } from "@/lib/auth/session";
import { bumpSessionVersion } from "@/lib/db/users";

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin" });
}

/** Revokes every session of this user on every device, then signs this one out too. */
export async function signOutEverywhereAction(): Promise<void> {
  const user = await requireUser();
  await bumpSessionVersion(user.id);
  await signOut({ redirectTo: "/signin" });
}
