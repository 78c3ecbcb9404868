import "server-only";
import fs from "node:fs";
import path from "node:path";
import { loadMasterKey, MASTER_KEY_FILE, parseMasterKey, type MasterKey } from "@/lib/crypto";
import { NEXT_KEY_FILE } from "@/lib/cli/rotate-key";

export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ env.LOTWISE_DATA_DIR ?? ".lotwise");
}

let cached: { current: MasterKey; keyring: MasterKey[]; stamp: string } | null = null;

/** Changes when a rotation swaps the key files, so a running server picks the new key up. */
function filesStamp(dir: string): string {
  return [MASTER_KEY_FILE, NEXT_KEY_FILE].map((f) => fs.statSync(path.join(/*turbopackIgnore: true*/ dir, f), { throwIfNoEntry: false })?.mtimeMs ?? 0).join(":");
}

/**
 * The key new secrets are sealed with, and every key that may still open an existing one: a rotation
 * interrupted after its database commit but before it swapped the key file leaves the new key in
 * `master.key.next`, and secrets stay readable either way.
 */
export function masterKeys(env: NodeJS.ProcessEnv = process.env): { current: MasterKey; keyring: MasterKey[] } {
  const dir = dataDir(env);
  const stamp = filesStamp(dir);
  if (cached && cached.stamp === stamp) return cached;
  const loaded = loadMasterKey({ env, dataDir: dir });
  if (!loaded.ok) throw new Error(`Lotwise cannot open its secrets: ${loaded.error}`);
  const keyring = [loaded.key];
  const nextFile = path.join(/*turbopackIgnore: true*/ dir, NEXT_KEY_FILE);
  if (fs.existsSync(nextFile)) {
    const next = parseMasterKey(fs.readFileSync(nextFile, "utf8"));
    if (next.ok) keyring.push(next.key);
  }
  cached = { current: loaded.key, keyring, stamp: filesStamp(dir) };
  return cached;
}

export function forgetMasterKeys(): void {
  cached = null;
}
