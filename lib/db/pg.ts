import "server-only";
import pg from "pg";

/**
 * A plain node-postgres pool beside Prisma, for the few bulk reads and writes where Prisma's
 * per-value conversion dominates: loading a 100,000-row ledger took seconds through Prisma and
 * ~0.3 s here, and a multi-megabyte bytea took seconds each way. Everything else goes through
 * Prisma. Values cross as text (numeric as strings, never floats; times as epoch milliseconds).
 */
const globalForPg = globalThis as unknown as { lotwisePgPool?: pg.Pool };

export function pgPool(): pg.Pool {
  if (globalForPg.lotwisePgPool) return globalForPg.lotwisePgPool;
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start Lotwise with `npm start`, which provides one.");
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 15_000, idleTimeoutMillis: 30_000 });
  // An idle client's connection dropping (Postgres restarted) must not crash the process.
  pool.on("error", () => {});
  globalForPg.lotwisePgPool = pool;
  return pool;
}
