import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

/** A Prisma client on the driver adapter (no native engine: see the offline-toolchain notes). */
export function createPrismaClient(databaseUrl = process.env.DATABASE_URL): PrismaClient {
  if (!databaseUrl) throw new Error("DATABASE_URL is not set: start Lotwise with `npm start`, which provides one.");
  // A connection that never comes (Postgres restarting, pool exhausted by connections a restart left
  // behind) fails the query after 15 s with an error the caller can report, instead of hanging.
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, connectionTimeoutMillis: 15_000 }) });
}
