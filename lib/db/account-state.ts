import "server-only";
import { pgPool } from "./pg";
import { TAX_STATE_COLUMNS, taxStateFromRows, type TaxCacheState, type TaxStateRow } from "./tax-cache";
import type { SessionUser } from "./users";

/** What every signed-in page asks about its user, read together. */
export interface AccountState {
  user: SessionUser;
  /** Settings, ledger version and cached result versions (lib/server/tax-snapshot.ts). */
  tax: TaxCacheState;
  /** The user has the demo portfolio loaded (the dashboard offers to remove it). */
  demo: boolean;
}

/**
 * The session user, their tax cache state and the demo flag in one query. Every page asked these
 * as three queries (the session check, the layout's result, the dashboard's demo banner); under
 * load each round trip costs the web process and Postgres CPU on the same two cores.
 */
export async function readAccountState(userId: string): Promise<AccountState | null> {
  const { rows } = await pgPool().query<TaxStateRow & SessionUser & { demo: boolean }>(
    `SELECT u.id, u.email, u.name, u."sessionVersion", EXISTS (SELECT 1 FROM "Wallet" w WHERE w."userId" = u.id AND w.demo) AS demo, ${TAX_STATE_COLUMNS}
     FROM "User" u LEFT JOIN "TaxResultCache" c ON c."userId" = u.id
     WHERE u.id = $1`,
    [userId],
  );
  const first = rows[0];
  const tax = taxStateFromRows(rows);
  if (!first || !tax) return null;
  return { user: { id: first.id, email: first.email, name: first.name, sessionVersion: first.sessionVersion }, tax, demo: first.demo };
}
