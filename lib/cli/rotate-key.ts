import fs from "node:fs";
import path from "node:path";
import { encodeMasterKey, generateMasterKey, loadMasterKey, MASTER_KEY_FILE, parseMasterKey, reencryptAll, writeKeyFile, type MasterKey } from "../crypto";

/** The few database calls rotation needs, so it runs against any Prisma client (and a test double). */
export interface SealedStore {
  /** In one transaction: read every sealed secret, let `reseal` replace them, write them back. */
  resealAll(reseal: (rows: SealedRow[]) => SealedRow[] | { error: string }, newKeyId: string): Promise<{ count: number } | { error: string }>;
}

/** One row's sealed values (null where the row has none): a connection's key, secret and passphrase, or a user's TOTP state. */
export interface SealedRow {
  kind: "connection" | "totp";
  id: string;
  sealed: (string | null)[];
}

export interface RotateKeyResult {
  ok: boolean;
  message: string;
  /** Only when the old key came from LOTWISE_ENCRYPTION_KEY: the new key the operator must set. */
  newKeyForEnv?: string;
}

export const NEXT_KEY_FILE = "master.key.next";

/**
 * Re-seals every exchange secret and two-factor secret under a fresh master key in one database transaction.
 * Order matters for crash safety: the new key is written to master.key.next first (the app's keyring
 * reads it too), then the database is re-sealed, then the file replaces master.key. A crash at any
 * point leaves every secret readable by a key on disk.
 */
export async function rotateMasterKey(store: SealedStore, opts: { env: Record<string, string | undefined>; dataDir: string; newKey?: string }): Promise<RotateKeyResult> {
  const current = loadMasterKey({ env: opts.env, dataDir: opts.dataDir });
  if (!current.ok) return { ok: false, message: current.error };
  let next: MasterKey;
  if (opts.newKey) {
    const parsed = parseMasterKey(opts.newKey);
    if (!parsed.ok) return { ok: false, message: `--new-key: ${parsed.error}` };
    next = parsed.key;
  } else {
    next = generateMasterKey();
  }
  if (next.id === current.key.id) return { ok: false, message: "The new key is the same as the current one." };
  const keyring = [current.key];
  const nextFile = path.join(opts.dataDir, NEXT_KEY_FILE);
  if (current.source !== "env") {
    // A previous rotation that died before swapping files: its key may have sealed some rows.
    if (fs.existsSync(nextFile)) {
      const pending = parseMasterKey(fs.readFileSync(nextFile, "utf8"));
      if (pending.ok) keyring.push(pending.key);
      fs.rmSync(nextFile);
    }
    writeKeyFile(nextFile, encodeMasterKey(next));
  }

  const outcome = await store.resealAll((rows) => {
    const flat = rows.flatMap((r) => r.sealed.filter((s): s is string => s !== null));
    const resealed = reencryptAll(flat, keyring, next);
    if (!resealed.ok) return { error: `A stored secret could not be opened with the current key (${resealed.code}); nothing was changed.` };
    let i = 0;
    return rows.map((r) => ({ ...r, sealed: r.sealed.map((s) => (s === null ? null : (resealed.sealed[i++] as string))) }));
  }, next.id);

  if ("error" in outcome) {
    if (current.source !== "env") fs.rmSync(nextFile, { force: true });
    return { ok: false, message: outcome.error };
  }
  if (current.source === "env") {
    return {
      ok: true,
      message: `Re-sealed ${outcome.count} secret(s) (exchange keys and two-factor secrets). Set LOTWISE_ENCRYPTION_KEY to the new key below and restart Lotwise; the old key no longer opens anything.`,
      newKeyForEnv: encodeMasterKey(next),
    };
  }
  fs.renameSync(nextFile, path.join(opts.dataDir, MASTER_KEY_FILE));
  return { ok: true, message: `Re-sealed ${outcome.count} secret(s) (exchange keys and two-factor secrets) under key ${next.id}; ${path.join(opts.dataDir, MASTER_KEY_FILE)} now holds it. Restart Lotwise.` };
}
