import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from "node:fs";
import path from "node:path";
import { encodeMasterKey, generateMasterKey, parseMasterKey, type MasterKey } from "./secretbox";

export const MASTER_KEY_ENV = "LOTWISE_ENCRYPTION_KEY";
export const MASTER_KEY_FILE = "master.key";

export interface LoadMasterKeyOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** The data folder (`.lotwise/` on the embedded default). */
  dataDir: string;
}

export type LoadMasterKeyResult =
  | { ok: true; key: MasterKey; source: "env" | "file" | "generated"; file?: string }
  | { ok: false; error: string };

// Only POSIX modes mean anything; on Windows the ACLs of the data folder decide.
const CHECK_MODE = process.platform !== "win32";

/**
 * The master key: LOTWISE_ENCRYPTION_KEY (base64, 32 bytes) when set, else
 * `<dataDir>/master.key`, generated on first start with mode 0600. A key file
 * readable by group or others is refused rather than silently used or fixed:
 * someone may already have copied it.
 */
export function loadMasterKey({ env, dataDir }: LoadMasterKeyOptions): LoadMasterKeyResult {
  const fromEnv = env[MASTER_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== "") {
    const parsed = parseMasterKey(fromEnv);
    return parsed.ok ? { ok: true, key: parsed.key, source: "env" } : { ok: false, error: `${MASTER_KEY_ENV}: ${parsed.error}` };
  }
  const file = path.join(dataDir, MASTER_KEY_FILE);
  const existing = readKeyFile(file);
  if (existing !== "missing") return existing;

  const key = generateMasterKey();
  try {
    writeKeyFile(file, encodeMasterKey(key));
  } catch (e) {
    // Another process created it between our read and write: use theirs.
    if (isErrno(e, "EEXIST")) {
      const raced = readKeyFile(file);
      return raced === "missing" ? { ok: false, error: `Could not create ${file}.` } : raced;
    }
    return { ok: false, error: `Could not create the master key file ${file}: ${errnoCode(e)}.` };
  }
  return { ok: true, key, source: "generated", file };
}

/** Writes a key file with mode 0600, failing if it exists (used by first start and by rotation into a new path). */
export function writeKeyFile(file: string, base64: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const fd = openSync(file, "wx", 0o600);
  try {
    writeSync(fd, `${base64}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  // The umask can only remove bits, but be explicit in case the file system ignores the open mode.
  if (CHECK_MODE) chmodSync(file, 0o600);
}

function readKeyFile(file: string): LoadMasterKeyResult | "missing" {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (e) {
    if (isErrno(e, "ENOENT")) return "missing";
    return { ok: false, error: `Could not read the master key file ${file}: ${errnoCode(e)}.` };
  }
  if (CHECK_MODE && (mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(3, "0");
    return {
      ok: false,
      error: `The master key file ${file} has mode ${octal}; it must be readable by its owner only. Run: chmod 600 "${file}"`,
    };
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    return { ok: false, error: `Could not read the master key file ${file}: ${errnoCode(e)}.` };
  }
  const parsed = parseMasterKey(text);
  return parsed.ok ? { ok: true, key: parsed.key, source: "file", file } : { ok: false, error: `${file}: ${parsed.error}` };
}

function isErrno(e: unknown, code: string): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === code;
}

function errnoCode(e: unknown): string {
  const code = typeof e === "object" && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : "unknown error";
}
