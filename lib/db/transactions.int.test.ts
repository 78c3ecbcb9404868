import Decimal from "decimal.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ledgerEntry, type LedgerEntry } from "@/lib/ledger/types";
import { prisma } from "./prisma";
import { pgPool } from "./pg";
import { commitImport } from "./imports";
import { createUserWithPassword } from "./users";
import { listTransactions, setTransactionIgnored, type TransactionFilter } from "./transactions";

const email = (tag: string) => `${tag}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`;
const t = (iso: string) => new Date(iso);

async function newUser(tag: string): Promise<string> {
  const u = await createUserWithPassword({ email: email(tag), name: null, passwordHash: "$argon2id$x" });
  if (u === "email-taken") throw new Error("unexpected");
  return u.id;
}

async function store(userId: string, walletName: string, entries: LedgerEntry[]) {
  await commitImport(userId, { walletName, exchange: null, fileName: `${walletName}.csv`, format: "test", rowsRead: entries.length, skippedRows: 0, entries });
}

let a = "";
let b = "";
const idOf = new Map<string, string>();

beforeAll(async () => {
  a = await newUser("tx-a");
  b = await newUser("tx-b");
  await store(a, "Kraken", [
    ledgerEntry({ externalId: "k1", time: t("2022-01-01T10:00:00.123Z"), account: "Kraken", kind: "buy", sentAsset: "USD", sentAmount: new Decimal("1000.50"), receivedAsset: "BTC", receivedAmount: new Decimal("0.025"), feeAsset: "USD", feeAmount: new Decimal("1.5"), fiatValue: new Decimal("1000.5"), fiatCurrency: "USD", description: "100% sure" }),
    ledgerEntry({ externalId: "k2", time: t("2022-06-30T23:59:59.999Z"), account: "Kraken", kind: "sell", sentAsset: "BTC", sentAmount: new Decimal("0.01"), receivedAsset: "USD", receivedAmount: new Decimal("300"), fiatValue: new Decimal("300"), fiatCurrency: "USD", label: "rebalance" }),
    ledgerEntry({ externalId: "k3", time: t("2023-03-01T00:00:00Z"), account: "Kraken", kind: "trade", sentAsset: "ETH", sentAmount: new Decimal("2"), receivedAsset: "SOL", receivedAmount: new Decimal("150.000000000000000001"), feeAsset: "BTC", feeAmount: new Decimal("0.00000001"), description: "1000 sure" }),
  ]);
  await store(a, "Cold wallet", [
    ledgerEntry({ externalId: "c1", time: t("2022-03-15T12:00:00Z"), account: "Cold wallet", kind: "deposit", receivedAsset: "BTC", receivedAmount: new Decimal("0.01"), txHash: "0xabc_def" }),
    ledgerEntry({ externalId: "c2", time: t("2024-01-01T00:00:00Z"), account: "Cold wallet", kind: "income", label: "staking", receivedAsset: "ETH", receivedAmount: new Decimal("0.5"), fiatValue: new Decimal("1200"), fiatCurrency: "USD" }),
  ]);
  await store(b, "Kraken", [ledgerEntry({ externalId: "b1", time: t("2022-02-02T00:00:00Z"), account: "Kraken", kind: "deposit", receivedAsset: "BTC", receivedAmount: new Decimal("5"), description: "100% sure" })]);
  for (const r of await prisma.transaction.findMany({ where: { userId: { in: [a, b] } }, select: { id: true, externalId: true } })) idOf.set(r.externalId, r.id);
  await setTransactionIgnored(a, idOf.get("k2") as string, true);
});

afterAll(async () => {
  await prisma.user.deleteMany({ where: { id: { in: [a, b] } } });
  await prisma.$disconnect();
  await pgPool().end();
});

const list = (userId: string, filter: TransactionFilter = {}, page = 1, pageSize = 50) => listTransactions(userId, { page, pageSize, filter });
const ids = async (userId: string, filter: TransactionFilter = {}, page = 1, pageSize = 50) => (await list(userId, filter, page, pageSize)).rows.map((r) => r.externalId);

describe("listTransactions on Postgres", () => {
  it("returns the user's rows newest first as DTOs, ignored ones left out, with the count and the accounts", async () => {
    const page = await list(a);
    expect(page.total).toBe(4);
    expect(page.rows.map((r) => r.externalId)).toEqual(["c2", "k3", "c1", "k1"]);
    expect(page.wallets.map((w) => w.name)).toEqual(["Cold wallet", "Kraken"]);
    const k1 = page.rows.find((r) => r.externalId === "k1");
    expect(k1).toEqual({
      id: idOf.get("k1"),
      externalId: "k1",
      time: "2022-01-01T10:00:00.123Z",
      kind: "buy",
      wallet: "Kraken",
      sentAsset: "USD",
      sentAmount: "1000.5",
      receivedAsset: "BTC",
      receivedAmount: "0.025",
      feeAsset: "USD",
      feeAmount: "1.5",
      fiatValue: "1000.5",
      fiatCurrency: "USD",
      label: null,
      description: "100% sure",
      txHash: null,
      ignored: false,
      manual: false,
      transferId: null,
    });
    const k3 = page.rows.find((r) => r.externalId === "k3");
    expect([k3?.sentAmount, k3?.receivedAmount, k3?.feeAmount, k3?.fiatValue]).toEqual(["2", "150.000000000000000001", "0.00000001", null]);
  });

  it.each<{ name: string; filter: TransactionFilter; want: string[] }>([
    { name: "ignored rows on request", filter: { includeIgnored: true }, want: ["c2", "k3", "k2", "c1", "k1"] },
    { name: "oldest first", filter: { sort: "oldest" }, want: ["k1", "c1", "k3", "c2"] },
    { name: "largest value first, rows without one last", filter: { sort: "value" }, want: ["c2", "k1", "k3", "c1"] },
    { name: "an asset on any leg (fee included)", filter: { asset: "BTC" }, want: ["k3", "c1", "k1"] },
    { name: "a kind", filter: { kind: "deposit" }, want: ["c1"] },
    { name: "from (inclusive) and to (exclusive)", filter: { from: t("2022-01-01T10:00:00.123Z"), to: t("2023-03-01T00:00:00Z"), includeIgnored: true }, want: ["k2", "c1", "k1"] },
    { name: "search: description, any case", filter: { search: "SURE" }, want: ["k3", "k1"] },
    { name: "search: % is a character, not a wildcard", filter: { search: "100%" }, want: ["k1"] },
    { name: "search: _ is a character, not a wildcard", filter: { search: "10_0" }, want: [] },
    { name: "search: tx hash with _", filter: { search: "abc_d" }, want: ["c1"] },
    { name: "search: label", filter: { search: "stak" }, want: ["c2"] },
    { name: "search: source id", filter: { search: "k3" }, want: ["k3"] },
    { name: "source ids (the warned rows)", filter: { externalIds: ["k1", "c2", "b1"] }, want: ["c2", "k1"] },
    { name: "no source ids", filter: { externalIds: [] }, want: [] },
  ])("filters: $name", async ({ filter, want }) => {
    const page = await list(a, filter);
    expect(page.rows.map((r) => r.externalId)).toEqual(want);
    expect(page.total).toBe(want.length);
  });

  it("filters by account", async () => {
    const { wallets } = await list(a);
    const cold = wallets.find((w) => w.name === "Cold wallet")?.id as string;
    expect(await ids(a, { walletId: cold })).toEqual(["c2", "c1"]);
  });

  it("pages, keeping the total of every matching row", async () => {
    const second = await list(a, {}, 2, 3);
    expect(second.rows.map((r) => r.externalId)).toEqual(["k1"]);
    expect([second.total, second.page, second.pageSize]).toEqual([4, 2, 3]);
    // Past the last page (and a filter nothing matches): no rows, but still the total and the accounts.
    const beyond = await list(a, {}, 9, 3);
    expect([beyond.rows, beyond.total, beyond.wallets.map((w) => w.name)]).toEqual([[], 4, ["Cold wallet", "Kraken"]]);
    const none = await list(a, { search: "no such text" });
    expect([none.rows, none.total, none.wallets.length]).toEqual([[], 0, 2]);
  });

  it("never shows another user's rows, whatever the filter names", async () => {
    expect(await ids(b)).toEqual(["b1"]);
    expect(await ids(b, { ids: [idOf.get("k1") as string] })).toEqual([]);
    expect(await ids(b, { externalIds: ["k1", "c1"] })).toEqual([]);
    const { wallets } = await list(a);
    expect(await ids(b, { walletId: wallets[0]?.id })).toEqual([]);
    expect((await list(b)).wallets.map((w) => w.name)).toEqual(["Kraken"]);
  });
});
