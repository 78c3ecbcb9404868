import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Exchange secrets at rest: AES-256-GCM with a fresh 12-byte IV per secret.
 *
 * Sealed format (one ASCII string, fits a text column):
 *
 *   v1.<keyId>.<iv>.<ciphertext>.<tag>        (iv, ciphertext, tag: base64url)
 *
 * The key id sits beside the ciphertext so a rotation can tell which master key
 * sealed a row, and `v1.<keyId>` is bound in as additional authenticated data:
 * editing the header of a row is detected like editing its ciphertext.
 *
 * Errors never carry plaintext, key bytes or the sealed value itself.
 */

export const SEALED_VERSION = "v1";
const IV_BYTES = 12; // the GCM standard nonce size (NIST SP 800-38D)
const TAG_BYTES = 16;
export const MASTER_KEY_BYTES = 32;

export interface MasterKey {
  /** `masterKeyId(key)`: stored beside every ciphertext. */
  readonly id: string;
  readonly key: Buffer;
}

/** One key, or every key a sealed value may have been written with (rotation). */
export type Keyring = MasterKey | readonly MasterKey[];

export type SecretboxErrorCode = "malformed" | "unsupported-version" | "unknown-key" | "tampered" | "bad-key";

export class SecretboxError extends Error {
  constructor(
    readonly code: SecretboxErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "SecretboxError";
  }
}

/** First 8 hex digits of sha256(key): identifies a key without revealing it. */
export function masterKeyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

export function toMasterKey(key: Buffer): MasterKey {
  if (key.length !== MASTER_KEY_BYTES) {
    throw new SecretboxError("bad-key", `A master key must be ${MASTER_KEY_BYTES} bytes, got ${key.length}.`);
  }
  return { id: masterKeyId(key), key };
}

export function generateMasterKey(): MasterKey {
  return toMasterKey(randomBytes(MASTER_KEY_BYTES));
}

/** The base64 text form used by LOTWISE_ENCRYPTION_KEY and the master.key file. */
export function encodeMasterKey(key: MasterKey): string {
  return key.key.toString("base64");
}

export type ParseMasterKeyResult = { ok: true; key: MasterKey } | { ok: false; error: string };

/** Parses base64 text into a master key. The error never echoes the input. */
export function parseMasterKey(base64: string): ParseMasterKeyResult {
  const text = base64.trim();
  if (text === "") return { ok: false, error: "The master key is empty." };
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) {
    return { ok: false, error: "The master key is not valid base64. Generate one with: openssl rand -base64 32" };
  }
  const bytes = Buffer.from(text, "base64");
  if (bytes.length !== MASTER_KEY_BYTES) {
    return {
      ok: false,
      error: `The master key must decode to ${MASTER_KEY_BYTES} bytes (AES-256), but it decodes to ${bytes.length}. Generate one with: openssl rand -base64 32`,
    };
  }
  return { ok: true, key: toMasterKey(bytes) };
}

function aad(keyId: string): Buffer {
  return Buffer.from(`${SEALED_VERSION}.${keyId}`, "utf8");
}

export function encryptSecret(plaintext: string, masterKey: MasterKey): string {
  if (masterKey.key.length !== MASTER_KEY_BYTES) {
    throw new SecretboxError("bad-key", `A master key must be ${MASTER_KEY_BYTES} bytes.`);
  }
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", masterKey.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(masterKey.id));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [SEALED_VERSION, masterKey.id, iv.toString("base64url"), ciphertext.toString("base64url"), tag.toString("base64url")].join(".");
}

export interface SealedParts {
  version: string;
  keyId: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/** Splits a sealed value without decrypting it (e.g. to count rows per key id). */
export function parseSealed(sealed: string): SealedParts {
  const parts = sealed.split(".");
  if (parts.length !== 5) throw new SecretboxError("malformed", "The sealed secret is malformed.");
  const [version, keyId, iv, ciphertext, tag] = parts as [string, string, string, string, string];
  if (version !== SEALED_VERSION) {
    throw new SecretboxError("unsupported-version", "The sealed secret has an unsupported format version.");
  }
  const b64url = /^[A-Za-z0-9_-]*$/;
  if (!/^[0-9a-f]{8}$/.test(keyId) || ![iv, ciphertext, tag].every((p) => b64url.test(p))) {
    throw new SecretboxError("malformed", "The sealed secret is malformed.");
  }
  const parsed = {
    version,
    keyId,
    iv: Buffer.from(iv, "base64url"),
    ciphertext: Buffer.from(ciphertext, "base64url"),
    tag: Buffer.from(tag, "base64url"),
  };
  if (parsed.iv.length !== IV_BYTES || parsed.tag.length !== TAG_BYTES) {
    throw new SecretboxError("malformed", "The sealed secret is malformed.");
  }
  return parsed;
}

function findKey(keyring: Keyring, id: string): MasterKey | undefined {
  const keys: readonly MasterKey[] = Array.isArray(keyring) ? keyring : [keyring as MasterKey];
  return keys.find((k) => k.id === id);
}

/**
 * Decrypts a value sealed by `encryptSecret`. Call it only in the server code
 * that talks to the exchange, right before the call.
 * Throws `SecretboxError` (`unknown-key` when no key in the ring has the
 * stored id, `tampered` when authentication fails).
 */
export function decryptSecret(sealed: string, keyring: Keyring): string {
  const parts = parseSealed(sealed);
  const key = findKey(keyring, parts.keyId);
  if (!key) {
    throw new SecretboxError("unknown-key", `The secret was sealed with master key ${parts.keyId}, which is not loaded.`);
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.key, parts.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(parts.keyId));
    decipher.setAuthTag(parts.tag);
    return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString("utf8");
  } catch {
    // node:crypto says only "Unsupported state or unable to authenticate data".
    throw new SecretboxError("tampered", "The sealed secret failed authentication: it was altered, or the master key is wrong.");
  }
}
