import "server-only";
import { prisma } from "./prisma";
import type { CostBasisMethod, Jurisdiction } from "@/lib/generated/prisma/client";

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  sessionVersion: number;
}

export interface UserSettings {
  jurisdiction: Jurisdiction;
  baseCurrency: string;
  costBasisMethod: CostBasisMethod;
  timeZone: string;
  autoSync: boolean;
}

const sessionSelect = { id: true, email: true, name: true, sessionVersion: true } as const;

export function findUserByEmail(email: string) {
  return prisma.user.findUnique({ where: { email }, select: { ...sessionSelect, passwordHash: true } });
}

export async function createUserWithPassword(input: { email: string; name: string | null; passwordHash: string }): Promise<SessionUser | "email-taken"> {
  try {
    return await prisma.user.create({ data: input, select: sessionSelect });
  } catch (e) {
    if (isUniqueViolation(e)) return "email-taken";
    throw e;
  }
}

/** Finds the user linked to an OAuth identity, linking or creating one by a provider-verified email. */
export async function upsertOAuthUser(input: { provider: string; providerAccountId: string; email: string; name: string | null }): Promise<SessionUser> {
  const linked = await prisma.oAuthAccount.findUnique({
    where: { provider_providerAccountId: { provider: input.provider, providerAccountId: input.providerAccountId } },
    select: { user: { select: sessionSelect } },
  });
  if (linked) return linked.user;
  return prisma.$transaction(async (tx) => {
    const user =
      (await tx.user.findUnique({ where: { email: input.email }, select: sessionSelect })) ??
      (await tx.user.create({ data: { email: input.email, name: input.name }, select: sessionSelect }));
    await tx.oAuthAccount.create({ data: { userId: user.id, provider: input.provider, providerAccountId: input.providerAccountId } });
    return user;
  });
}

export function getUserSettings(userId: string): Promise<UserSettings | null> {
  return prisma.user.findUnique({
    where: { id: userId },
    select: { jurisdiction: true, baseCurrency: true, costBasisMethod: true, timeZone: true, autoSync: true },
  });
}

export async function updateUserSettings(userId: string, settings: UserSettings): Promise<void> {
  await prisma.user.update({ where: { id: userId }, data: settings });
}

/** Invalidates every session of this user (sign out everywhere, password change). */
export async function bumpSessionVersion(userId: string): Promise<void> {
  await prisma.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}

export async function updatePasswordHash(userId: string, passwordHash: string): Promise<SessionUser> {
  return prisma.user.update({
    where: { id: userId },
    data: { passwordHash, sessionVersion: { increment: 1 } },
    select: sessionSelect,
  });
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";
}
