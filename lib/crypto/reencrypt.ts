import { decryptSecret, encryptSecret, SecretboxError, type Keyring, type MasterKey } from "./secretbox";

export type ReencryptResult =
  | { ok: true; sealed: string[] }
  | { ok: false; index: number; code: SecretboxError["code"] | "unexpected"; error: string };

/**
 * Re-seals every value under `newKey`, in input order, with a fresh IV each.
 * Pure and all-or-nothing: the `rotate-key` command runs it inside one
 * database transaction and writes nothing if any row fails (`index` says which).
 * Plaintexts live only inside this loop.
 */
export function reencryptAll(sealed: readonly string[], oldKeyring: Keyring, newKey: MasterKey): ReencryptResult {
  const out: string[] = [];
  for (let i = 0; i < sealed.length; i++) {
    try {
      out.push(encryptSecret(decryptSecret(sealed[i] as string, oldKeyring), newKey));
    } catch (e) {
      if (e instanceof SecretboxError) return { ok: false, index: i, code: e.code, error: e.message };
      return { ok: false, index: i, code: "unexpected", error: "Re-encryption failed unexpectedly." };
    }
  }
  return { ok: true, sealed: out };
}
