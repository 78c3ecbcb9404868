import Decimal from "decimal.js";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "./prisma";
import { createUserWithPassword } from "./users";
import { commitImport } from "./imports";
import { createConnection, getConnectionCredentials } from "./connections";
import { deleteAccount, exportAccountJson } from "./account";
import { computeSnapshot } from "@/lib/server/snapshot-compute";

afterAll(async () => {
  await prisma.$disconnect();
});

async function seededUser() {
  const u = await createUserWithPassword({ email: `acct-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`, name: "A", passwordHash: "$argon2id$secret-hash" });
  if (u === "email-taken") throw new Error("unexpected");
  await commitImport(u.id, {
    walletName: "Kraken",
    exchange: "Kraken",
    fileName: "ledgers.csv",
    format: "kraken-ledgers",
    rowsRead: 1,
    skippedRows: 0,
    entries: [{ externalId: "k1", time: new Date("2024-01-01T00:00:00Z"), account: "Kraken", kind: "buy", sentAsset: "EUR", sentAmount: new Decimal("100"), receivedAsset: "BTC", receivedAmount: new Decimal("0.0025"), feeAsset: null, feeAmount: null, fiatValue: null, fiatCurrency: null, label: null, description: null, txHash: null }],
  });
  const conn = await createConnection(u.id, { exchange: "binance", label: "Binance", creds: { apiKey: "ro-abcdefgh1234", secret: "super-secret-value-xyz" }, verifiedBy: "test" });
  return { user: u, conn };
}

describe("account export and deletion", () => {
  it("seals connection secrets and opens them only through the server path", async () => {
    const { user, conn } = await seededUser();
    const row = await prisma.connection.findUniqueOrThrow({ where: { id: conn.id } });
    expect(row.secretSealed).not.toContain("super-secret-value-xyz");
    expect(row.secretSealed.startsWith("v1.")).toBe(true);
    expect((await getConnectionCredentials(user.id, conn.id))?.creds.secret).toBe("super-secret-value-xyz");
    expect(await getConnectionCredentials("someone-else", conn.id)).toBeNull();
  });

  it("exports every transaction as exact decimals and no secret or password hash", async () => {
    const { user } = await seededUser();
    let text = "";
    for await (const chunk of exportAccountJson(user.id)) text += chunk;
    const doc = JSON.parse(text) as { transactions: { receivedAmount: string }[]; connections: unknown[] };
    expect(doc.transactions).toHaveLength(1);
    expect(doc.transactions[0]?.receivedAmount).toBe("0.0025");
    expect(doc.connections).toHaveLength(1);
    expect(text).not.toContain("super-secret-value-xyz");
    expect(text).not.toContain("ro-abcdefgh1234");
    expect(text).not.toContain("$argon2id$");
    expect(text).not.toContain("v1.");
  });

  it("deletes every row the user owns, and nobody else's", async () => {
    const { user } = await seededUser();
    const other = await seededUser();
    // A cached tax result too (its row and parts), as every user who opened a page has.
    await computeSnapshot(user.id, { jurisdiction: "us", method: "fifo", currency: "USD", timeZone: "UTC" });
    await computeSnapshot(other.user.id, { jurisdiction: "us", method: "fifo", currency: "USD", timeZone: "UTC" });
    // Every table that names a user, found from the schema itself, so a new one cannot be missed.
    const tables = (await prisma.$queryRaw<{ table: string }[]>`SELECT table_name::text AS table FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'userId' ORDER BY table_name`).map((r) => r.table);
    expect(tables).toEqual(expect.arrayContaining(["Transaction", "TaxResultCache", "TaxResultPart", "LedgerChange", "Connection"]));
    const rowsOf = async (userId: string) =>
      Object.fromEntries(await Promise.all(tables.map(async (t) => [t, Number((await prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${t}" WHERE "userId" = $1`, userId))[0]?.n ?? 0)] as const)));
    const before = await rowsOf(user.id);
    expect(before.TaxResultPart).toBeGreaterThan(0);
    await deleteAccount(user.id);
    expect(Object.values(await rowsOf(user.id)).every((n) => n === 0)).toBe(true);
    expect(await prisma.user.count({ where: { id: user.id } })).toBe(0);
    expect(await rowsOf(other.user.id)).toEqual(before);
  });
});
