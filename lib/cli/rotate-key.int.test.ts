import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { prismaSealedStore } from "@/lib/db/sealed-store";
import { createUserWithPassword } from "@/lib/db/users";
import { decryptSecret, encryptSecret, loadMasterKey, parseMasterKey, SecretboxError } from "@/lib/crypto";
import { rotateMasterKey } from "./rotate-key";

afterAll(async () => {
  await prisma.$disconnect();
});

async function connectionSealedWith(dataDir: string, secret: string) {
  const key = loadMasterKey({ env: {}, dataDir });
  if (!key.ok) throw new Error(key.error);
  const u = await createUserWithPassword({ email: `rot-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`, name: null, passwordHash: "x" });
  if (u === "email-taken") throw new Error("unexpected");
  const wallet = await prisma.wallet.create({ data: { userId: u.id, name: "Binance" } });
  return prisma.connection.create({
    data: { userId: u.id, walletId: wallet.id, exchange: "binance", label: "Binance", keyLast4: "1234", apiKeySealed: encryptSecret("ro-key-1234", key.key), secretSealed: encryptSecret(secret, key.key), masterKeyId: key.key.id, verifiedAt: new Date(), verifiedBy: "test" },
  });
}

describe("rotate-key", () => {
  it("re-seals every secret under a new key in one transaction and swaps the key file", async () => {
    // Rotation touches every sealed secret in the database, so this test owns a data folder of its own.
    await prisma.connection.deleteMany({});
    await prisma.user.updateMany({ data: { totpSecretSealed: null, totpEnabledAt: null } });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lotwise-rotate-"));
    const conn = await connectionSealedWith(dataDir, "secret-one");
    const oldKey = parseMasterKey(fs.readFileSync(path.join(dataDir, "master.key"), "utf8"));
    if (!oldKey.ok) throw new Error("no key");
    const totpUser = await prisma.user.update({ where: { id: conn.userId }, data: { totpSecretSealed: encryptSecret('{"v":1,"secret":"JBSWY3DPEHPK3PXP","lastStep":null}', oldKey.key), totpEnabledAt: new Date() } });

    const out = await rotateMasterKey(prismaSealedStore(prisma), { env: {}, dataDir });
    expect(out.ok).toBe(true);
    const newKey = parseMasterKey(fs.readFileSync(path.join(dataDir, "master.key"), "utf8"));
    if (!newKey.ok) throw new Error("no key");
    expect(newKey.key.id).not.toBe(oldKey.key.id);
    expect(fs.existsSync(path.join(dataDir, "master.key.next"))).toBe(false);
    expect((fs.statSync(path.join(dataDir, "master.key")).mode & 0o777).toString(8)).toBe("600");

    const row = await prisma.connection.findUniqueOrThrow({ where: { id: conn.id } });
    expect(row.masterKeyId).toBe(newKey.key.id);
    const totp = await prisma.user.findUniqueOrThrow({ where: { id: totpUser.id } });
    expect(decryptSecret(totp.totpSecretSealed as string, newKey.key)).toBe('{"v":1,"secret":"JBSWY3DPEHPK3PXP","lastStep":null}');
    expect(() => decryptSecret(totp.totpSecretSealed as string, oldKey.key)).toThrow(SecretboxError);
    expect(decryptSecret(row.secretSealed, newKey.key)).toBe("secret-one");
    expect(() => decryptSecret(row.secretSealed, oldKey.key)).toThrow(SecretboxError);
  });

  it("changes nothing when a stored secret cannot be opened", async () => {
    await prisma.connection.deleteMany({});
    await prisma.user.updateMany({ data: { totpSecretSealed: null, totpEnabledAt: null } });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lotwise-rotate-"));
    const good = await connectionSealedWith(dataDir, "secret-two");
    const bad = await connectionSealedWith(dataDir, "secret-three");
    await prisma.connection.update({ where: { id: bad.id }, data: { secretSealed: bad.secretSealed.slice(0, -4) + "AAAA" } });
    const keyBefore = fs.readFileSync(path.join(dataDir, "master.key"), "utf8");

    const out = await rotateMasterKey(prismaSealedStore(prisma), { env: {}, dataDir });
    expect(out.ok).toBe(false);
    expect(out.message).toContain("nothing was changed");
    expect(fs.readFileSync(path.join(dataDir, "master.key"), "utf8")).toBe(keyBefore);
    expect((await prisma.connection.findUniqueOrThrow({ where: { id: good.id } })).secretSealed).toBe(good.secretSealed);
  });
});
