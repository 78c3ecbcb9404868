import Decimal from "decimal.js";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "./prisma";
import { commitImport, deleteImport, listImports } from "./imports";
import { createUserWithPassword } from "./users";
import type { LedgerEntry } from "@/lib/ledger/types";

afterAll(async () => {
  await prisma.$disconnect();
});

async function newUser() {
  const u = await createUserWithPassword({ email: `imp-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`, name: null, passwordHash: "x" });
  if (u === "email-taken") throw new Error("unexpected");
  return u.id;
}

function entry(id: string, over: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    externalId: id,
    time: new Date("2024-01-03T09:12:44Z"),
    account: "Coinbase",
    kind: "buy",
    sentAsset: "USD",
    sentAmount: new Decimal("100.5"),
    receivedAsset: "BTC",
    receivedAmount: new Decimal("0.002345678901234567"),
    feeAsset: "USD",
    feeAmount: new Decimal("1.99"),
    fiatValue: new Decimal("100.5"),
    fiatCurrency: "USD",
    label: null,
    description: null,
    txHash: null,
    ...over,
  };
}

const base = { walletName: "Coinbase", exchange: "coinbase", fileName: "coinbase.csv", format: "coinbase-app", skippedRows: 0 };

describe("commitImport", () => {
  it("stores exact decimals, and a re-upload or overlapping file adds nothing twice", async () => {
    const userId = await newUser();
    const first = await commitImport(userId, { ...base, rowsRead: 3, entries: [entry("a"), entry("b"), entry("c", { kind: "income", label: "staking" })] });
    expect(first).toMatchObject({ created: 3, alreadyImported: 0, createdByKind: { buy: 2, income: 1 } });

    const again = await commitImport(userId, { ...base, rowsRead: 3, entries: [entry("a"), entry("b"), entry("c")] });
    expect(again).toMatchObject({ created: 0, alreadyImported: 3 });

    const overlap = await commitImport(userId, { ...base, rowsRead: 2, entries: [entry("c"), entry("d")] });
    expect(overlap).toMatchObject({ created: 1, alreadyImported: 1 });

    const stored = await prisma.transaction.findMany({ where: { userId }, orderBy: { externalId: "asc" } });
    expect(stored.map((t) => t.externalId)).toEqual(["a", "b", "c", "d"]);
    expect(stored[0]?.receivedAmount?.toFixed()).toBe("0.002345678901234567");
    expect(stored[0]?.feeAmount?.toFixed()).toBe("1.99");
  });

  it("is all or nothing: a row the database refuses rolls back the whole file", async () => {
    const userId = await newUser();
    const tooLarge = entry("bad", { receivedAmount: new Decimal("1e30") }); // exceeds numeric(38,18)
    await expect(commitImport(userId, { ...base, rowsRead: 2, entries: [entry("ok"), tooLarge] })).rejects.toThrow();
    expect(await prisma.transaction.count({ where: { userId } })).toBe(0);
    expect(await prisma.import.count({ where: { userId } })).toBe(0);
  });

  it("puts universal rows on the account each row names", async () => {
    const userId = await newUser();
    await commitImport(userId, { ...base, format: "universal", rowsRead: 2, entries: [entry("x", { account: "Ledger" }), entry("y")] });
    const wallets = await prisma.wallet.findMany({ where: { userId }, select: { name: true, _count: { select: { transactions: true } } }, orderBy: { name: "asc" } });
    expect(wallets).toEqual([
      { name: "Coinbase", _count: { transactions: 1 } },
      { name: "Ledger", _count: { transactions: 1 } },
    ]);
  });

  it("undoes only the user's own import", async () => {
    const owner = await newUser();
    const other = await newUser();
    const s = await commitImport(owner, { ...base, rowsRead: 1, entries: [entry("u1")] });
    expect(await deleteImport(other, s.importId)).toBe(false);
    expect(await prisma.transaction.count({ where: { userId: owner } })).toBe(1);
    expect(await deleteImport(owner, s.importId)).toBe(true);
    expect(await prisma.transaction.count({ where: { userId: owner } })).toBe(0);
    expect(await listImports(owner)).toEqual([]);
  });
});
