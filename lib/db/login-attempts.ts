import "server-only";
import { prisma } from "./prisma";

export interface RecentFailures {
  byEmail: number;
  byIp: number;
  oldestByEmail: Date | null;
}

export async function countRecentFailures(email: string, ip: string, since: Date): Promise<RecentFailures> {
  const [byEmail, byIp, oldest] = await Promise.all([
    prisma.loginAttempt.count({ where: { email, success: false, createdAt: { gte: since } } }),
    prisma.loginAttempt.count({ where: { ip, success: false, createdAt: { gte: since } } }),
    prisma.loginAttempt.findFirst({
      where: { email, success: false, createdAt: { gte: since } },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
    }),
  ]);
  return { byEmail, byIp, oldestByEmail: oldest?.createdAt ?? null };
}

export async function recordLoginAttempt(email: string, ip: string, success: boolean): Promise<void> {
  await prisma.loginAttempt.create({ data: { email, ip, success } });
  // A success clears the account's failure streak so a user who remembers is not locked out.
  if (success) await prisma.loginAttempt.deleteMany({ where: { email, success: false } });
}
