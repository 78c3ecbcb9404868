import "server-only";
import fs from "node:fs";
import path from "node:path";
import { loadMasterKey, parseMasterKey, type MasterKey } from "@/lib/crypto";

/** Where a key rotation parks the new key until the database has been re-sealed (see lib/cli/rotate-key.ts). */
export const NEXT_KEY_FILE = "master.key.next";

export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.LOTWISE_DATA_DIR ?? ".lotwise");
}

let cached: { current: MasterKey; keyring: MasterKey[] } | null = null;

/**
 * The key new secrets are sealed with, and every key that may still open an existing one: a rotation
 * interrupted after its database commit but before it swapped the key file leaves the new key in
 * `master.key.next`, and secrets stay readable either way.
 */
export function masterKeys(env: NodeJS.ProcessEnv = process.env): { current: MasterKey; keyring: MasterKey[] } {
  if (cached) return cached;
  const dir = dataDir(env);
  const loaded = loadMasterKey({ env, dataDir: dir });
  if (!loaded.ok) throw new Error(`Lotwise cannot open its secrets: ${loaded.error}`);
  const keyring = [loaded.key];
  const nextFile = path.join(dir, NEXT_KEY_FILE);
  if (fs.existsSync(nextFile)) {
    const next = parseMasterKey(fs.readFileSync(nextFile, "utf8"));
    if (next.ok) keyring.push(next.key);
  }
  cached = { current: loaded.key, keyring };
  return cached;
}

export function forgetMasterKeys(): void {
  cached = null;
}
