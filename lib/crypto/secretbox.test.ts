import { describe, expect, it } from "vitest";
import { reencryptAll } from "./reencrypt";
import {
  decryptSecret,
  encodeMasterKey,
  encryptSecret,
  generateMasterKey,
  masterKeyId,
  parseMasterKey,
  parseSealed,
  SecretboxError,
  toMasterKey,
} from "./secretbox";

const key = toMasterKey(Buffer.alloc(32, 7));
const other = toMasterKey(Buffer.alloc(32, 9));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof SecretboxError ? e.code : "not-a-secretbox-error";
  }
  return undefined;
}

/** Flips one character of the sealed string's part `index` (keeps it valid base64url). */
function flip(sealed: string, index: number): string {
  const parts = sealed.split(".");
  const p = parts[index] as string;
  parts[index] = (p[0] === "A" ? "B" : "A") + p.slice(1);
  return parts.join(".");
}

describe("secretbox", () => {
  it.each([
    { name: "ascii", plaintext: "abc123" },
    { name: "empty", plaintext: "" },
    { name: "unicode", plaintext: "pässwörd 🔑" },
    { name: "PEM", plaintext: "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n" },
  ])("round-trips $name", ({ plaintext }) => {
    expect(decryptSecret(encryptSecret(plaintext, key), key)).toBe(plaintext);
  });

  it("stores version, key id, a 12-byte IV, ciphertext and a 16-byte tag; never the plaintext", () => {
    const sealed = encryptSecret("my-secret-value", key);
    const parts = parseSealed(sealed);
    expect(parts.version).toBe("v1");
    expect(parts.keyId).toBe(key.id);
    expect(parts.iv.length).toBe(12);
    expect(parts.tag.length).toBe(16);
    expect(sealed).not.toContain("my-secret-value");
  });

  it("uses a fresh IV every time", () => {
    const ivs = new Set(Array.from({ length: 500 }, () => parseSealed(encryptSecret("same", key)).iv.toString("hex")));
    expect(ivs.size).toBe(500);
  });

  it.each([
    { name: "ciphertext", index: 3 },
    { name: "tag", index: 4 },
    { name: "iv", index: 2 },
  ])("detects a tampered $name", ({ index }) => {
    const sealed = encryptSecret("some secret long enough to flip", key);
    expect(codeOf(() => decryptSecret(flip(sealed, index), key))).toBe("tampered");
  });

  it("detects a relabelled key id (the header is authenticated)", () => {
    const sealed = encryptSecret("x", key);
    const relabelled = sealed.replace(`.${key.id}.`, `.${other.id}.`);
    expect(codeOf(() => decryptSecret(relabelled, [key, { id: other.id, key: key.key }]))).toBe("tampered");
  });

  it("refuses the wrong key", () => {
    const sealed = encryptSecret("x", key);
    expect(codeOf(() => decryptSecret(sealed, other))).toBe("unknown-key");
    expect(codeOf(() => decryptSecret(sealed, { id: key.id, key: other.key }))).toBe("tampered");
  });

  it.each(["", "v1.abc", "v2.0123abcd.AAAA.AAAA.AAAA", "v1.0123abcd.!!.AA.AA"])("rejects malformed %j", (sealed) => {
    expect(codeOf(() => decryptSecret(sealed, key))).toMatch(/malformed|unsupported-version/);
  });

  it("never puts the sealed value or plaintext into error messages", () => {
    const sealed = encryptSecret("topsecret", key);
    try {
      decryptSecret(flip(sealed, 3), other);
    } catch (e) {
      expect(String((e as Error).message)).not.toContain(sealed.split(".")[3]);
    }
  });

  it("masterKeyId is 8 hex of sha256", () => {
    expect(masterKeyId(Buffer.alloc(32, 0))).toBe("66687aad"); // sha256 of 32 zero bytes starts 66687aad
  });
});

describe("parseMasterKey", () => {
  it.each([
    { name: "valid", input: Buffer.alloc(32, 1).toString("base64"), error: null },
    { name: "valid with newline", input: Buffer.alloc(32, 1).toString("base64") + "\n", error: null },
    { name: "empty", input: "  ", error: /empty/ },
    { name: "16 bytes", input: Buffer.alloc(16, 1).toString("base64"), error: /32 bytes.*decodes to 16/ },
    { name: "64 bytes", input: Buffer.alloc(64, 1).toString("base64"), error: /decodes to 64/ },
    { name: "not base64", input: "this is not base64!", error: /not valid base64/ },
  ])("$name", ({ input, error }) => {
    const r = parseMasterKey(input);
    if (error === null) {
      expect(r.ok).toBe(true);
    } else {
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error).toMatch(error);
        if (input.trim() !== "") expect(r.error).not.toContain(input.trim());
      }
    }
  });

  it("round-trips encodeMasterKey", () => {
    const k = generateMasterKey();
    const r = parseMasterKey(encodeMasterKey(k));
    expect(r.ok && r.key.id).toBe(k.id);
  });
});

describe("reencryptAll", () => {
  it("re-seals every value under the new key, in order", () => {
    const sealed = ["a", "b", "c"].map((p) => encryptSecret(p, key));
    const r = reencryptAll(sealed, key, other);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.sealed.map((s) => parseSealed(s).keyId)).toEqual([other.id, other.id, other.id]);
    expect(r.sealed.map((s) => decryptSecret(s, other))).toEqual(["a", "b", "c"]);
  });

  it("accepts rows sealed under several old keys", () => {
    const sealed = [encryptSecret("a", key), encryptSecret("b", other)];
    const next = generateMasterKey();
    const r = reencryptAll(sealed, [key, other], next);
    expect(r.ok && r.sealed.map((s) => decryptSecret(s, next))).toEqual(["a", "b"]);
  });

  it("reports the first failing row and returns nothing else", () => {
    const sealed = [encryptSecret("a", key), encryptSecret("b", other)];
    expect(reencryptAll(sealed, key, generateMasterKey())).toMatchObject({ ok: false, index: 1, code: "unknown-key" });
  });
});
