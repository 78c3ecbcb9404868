/**
 * Recovery codes: one-time stand-ins for a TOTP code when the phone is lost. Shown once, stored as
 * argon2id hashes (like passwords), each usable once; lib/db/two-factor.ts marks a used one.
 *
 * A code is 10 characters of Crockford's base32 (50 bits), shown as `xxxxx-xxxxx`. Input is
 * forgiving: case, spaces and dashes are ignored, and i/l read as 1, o as 0.
 */
import { randomInt } from "node:crypto";
import { hashPassword, verifyPassword } from "./password";

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const LENGTH = 10;

export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    let raw = "";
    for (let i = 0; i < LENGTH; i++) raw += ALPHABET[randomInt(ALPHABET.length)];
    codes.add(`${raw.slice(0, LENGTH / 2)}-${raw.slice(LENGTH / 2)}`);
  }
  return [...codes];
}

/** The canonical form that is hashed and compared, or null when `input` cannot be a recovery code. */
export function normalizeRecoveryCode(input: string): string | null {
  const s = input
    .toLowerCase()
    .replace(/[\s-]/g, "")
    .replace(/[il]/g, "1")
    .replace(/o/g, "0");
  if (s.length !== LENGTH) return null;
  for (const ch of s) if (!ALPHABET.includes(ch)) return null;
  return s;
}

export async function hashRecoveryCode(code: string): Promise<string> {
  const normalized = normalizeRecoveryCode(code);
  if (!normalized) throw new Error("Not a recovery code.");
  return hashPassword(normalized);
}

/**
 * The id of the stored code `input` matches, or null. Only unused codes should be passed in;
 * marking the match used (once, atomically) is the caller's job.
 */
export async function matchRecoveryCode(input: string, unused: readonly { id: string; codeHash: string }[]): Promise<string | null> {
  const normalized = normalizeRecoveryCode(input);
  if (!normalized) return null;
  // argon2 runs on libuv's thread pool, so checking all at once takes about as long as a few in a row.
  const hits = await Promise.all(unused.map((row) => verifyPassword(row.codeHash, normalized)));
  return unused[hits.indexOf(true)]?.id ?? null;
}
