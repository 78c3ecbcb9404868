import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadMasterKey, MASTER_KEY_ENV } from "./master-key";
import { decryptSecret, encryptSecret } from "./secretbox";

const posix = process.platform !== "win32";
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "lotwise-mk-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("loadMasterKey", () => {
  it("uses LOTWISE_ENCRYPTION_KEY when set, and writes no file", () => {
    const b64 = Buffer.alloc(32, 3).toString("base64");
    const r = loadMasterKey({ env: { [MASTER_KEY_ENV]: b64 }, dataDir: dir });
    expect(r).toMatchObject({ ok: true, source: "env" });
    expect(() => statSync(path.join(dir, "master.key"))).toThrow();
  });

  it("refuses a wrong-length env key with a clear error", () => {
    const r = loadMasterKey({ env: { [MASTER_KEY_ENV]: Buffer.alloc(31).toString("base64") }, dataDir: dir });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/LOTWISE_ENCRYPTION_KEY: .*32 bytes/);
  });

  it("generates master.key with mode 0600 on first start, then reuses it", () => {
    const dataDir = path.join(dir, "nested", ".lotwise");
    const first = loadMasterKey({ env: {}, dataDir });
    expect(first).toMatchObject({ ok: true, source: "generated" });
    const file = path.join(dataDir, "master.key");
    if (posix) expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, "utf8").trim(), "base64").length).toBe(32);

    const second = loadMasterKey({ env: {}, dataDir });
    expect(second).toMatchObject({ ok: true, source: "file" });
    if (!first.ok || !second.ok) return;
    expect(second.key.id).toBe(first.key.id);
    expect(decryptSecret(encryptSecret("s", first.key), second.key)).toBe("s");
  });

  it.runIf(posix)("refuses a key file readable by group or others", () => {
    const file = path.join(dir, "master.key");
    writeFileSync(file, Buffer.alloc(32, 5).toString("base64"), { mode: 0o644 });
    chmodSync(file, 0o644);
    const r = loadMasterKey({ env: {}, dataDir: dir });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/mode 644.*chmod 600/);
  });

  it("refuses a corrupt key file", () => {
    const file = path.join(dir, "master.key");
    writeFileSync(file, "short", { mode: 0o600 });
    const r = loadMasterKey({ env: {}, dataDir: dir });
    expect(r.ok).toBe(false);
  });

  it("treats an empty env var as unset", () => {
    expect(loadMasterKey({ env: { [MASTER_KEY_ENV]: "" }, dataDir: dir })).toMatchObject({ ok: true, source: "generated" });
  });
});
