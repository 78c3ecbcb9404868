/**
 * Authorization: as user B, every id-bearing server action and route handler is tried with user A's
 * ids; each attempt must fail (not found / 401-404) and leave A's data as it was. The lists of actions
 * and routes are read from the app folder, so a new export without a case here fails the suite.
 */
import fs from "node:fs";
import path from "node:path";
import Decimal from "decimal.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const current = vi.hoisted(() => ({ user: null as null | { id: string; email: string; name: string | null; sessionVersion: number } }));

vi.mock("@/lib/auth/session", () => ({
  getCurrentUser: async () => current.user,
  requireUser: async () => {
    if (!current.user) throw new Error("NEXT_REDIRECT");
    return current.user;
  },
  requireUserForRoute: async () => current.user,
}));
vi.mock("@/lib/auth/config", () => ({ signIn: vi.fn(), signOut: vi.fn(), auth: vi.fn(), handlers: {}, enabledOAuthProviders: () => [] }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {}, CredentialsSignin: class CredentialsSignin extends Error {}, default: vi.fn() }));
vi.mock("@/lib/jobs/queue", () => ({ enqueueSync: vi.fn(), enqueueWarmPrices: vi.fn(), enqueueRecompute: vi.fn(async () => {}), QUEUES: {} }));

import { prisma } from "@/lib/db/prisma";
import { createUserWithPassword } from "@/lib/db/users";
import { commitImport } from "@/lib/db/imports";
import { createConnection } from "@/lib/db/connections";
import { saveColumnMapping } from "@/lib/db/column-mappings";
import { startOrJoinSync } from "@/lib/db/sync";
import { addTransferDestination, createManualTransaction } from "@/lib/db/ledger-edits";

const APP = path.resolve(__dirname);

function filesNamed(dir: string, name: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return filesNamed(p, name);
    return d.name === name ? [p] : [];
  });
}

/** Actions that only ever act on the signed-in user's own rows (no id from input). */
const SELF_ONLY = new Set([
  "(auth)/actions.ts#signInAction",
  "(auth)/actions.ts#signUpAction",
  "(auth)/actions.ts#signInWithProviderAction",
  "(app)/actions.ts#signOutAction",
  "(app)/actions.ts#signOutEverywhereAction",
  "(app)/settings/actions.ts#saveSettingsAction",
  "(app)/settings/actions.ts#changePasswordAction",
  "(app)/settings/actions.ts#deleteAccountAction",
  "(app)/settings/actions.ts#startTwoFactorSetupAction",
  "(app)/settings/actions.ts#cancelTwoFactorSetupAction",
  "(app)/settings/actions.ts#confirmTwoFactorSetupAction",
  "(app)/settings/actions.ts#regenerateRecoveryCodesAction",
  "(app)/settings/actions.ts#disableTwoFactorAction",
  "(app)/imports/actions.ts#saveColumnMappingAction",
  "(app)/connections/actions.ts#connectExchangeAction",
  "(app)/reports/actions.ts#markFiledAction",
  "(app)/imports/price-actions.ts#importPriceCsvAction",
  "(app)/transactions/actions.ts#createManualTransactionAction",
  "(app)/dashboard/actions.ts#loadDemoAction",
  "(app)/dashboard/actions.ts#removeDemoAction",
]);
const SELF_ONLY_ROUTES = new Set(["api/imports/template/route.ts#GET", "api/account/export/route.ts#GET", "api/reports/[format]/route.ts#GET", "api/auth/[...nextauth]/route.ts#GET", "api/auth/[...nextauth]/route.ts#POST"]);

type Ids = { importId: string; connectionId: string; runId: string; mappingId: string; userId: string; transactionId: string; priceId: string; withdrawalId: string; depositId: string; markedId: string; manualId: string };
type Attack = (mod: Record<string, (...args: never[]) => unknown>, a: Ids) => Promise<void>;

const form = (entries: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.set(k, v);
  return f;
};
const call = (fn: unknown, ...args: unknown[]) => (fn as (...a: unknown[]) => Promise<unknown>)(...args);

const ACTION_CASES: Record<string, Attack> = {
  "(app)/imports/price-actions.ts#deletePriceAction": async (m, a) => {
    await call(m.deletePriceAction, form({ priceId: a.priceId }));
  },
  "(app)/imports/price-actions.ts#setWarningPriceAction": async (m) => {
    expect(await call(m.setWarningPriceAction, {}, form({ account: "Kraken", externalId: "a1", asset: "BTC", price: "1" }))).toMatchObject({ error: "That transaction no longer exists." });
  },
  "(app)/transactions/actions.ts#setIgnoredAction": async (m, a) => {
    await call(m.setIgnoredAction, form({ transactionId: a.transactionId, ignored: "true" }));
  },
  "(app)/transactions/actions.ts#updateNotesAction": async (m, a) => {
    expect(await call(m.updateNotesAction, {}, form({ transactionId: a.transactionId, label: "staking", description: "pwned" }))).toMatchObject({ error: "That transaction no longer exists." });
  },
  "(app)/transactions/actions.ts#markTransferAction": async (m, a) => {
    expect(await call(m.markTransferAction, {}, form({ withdrawalId: a.withdrawalId, depositId: a.depositId }))).toMatchObject({ error: "One of those transactions no longer exists." });
  },
  "(app)/transactions/actions.ts#unmarkTransferAction": async (m, a) => {
    await call(m.unmarkTransferAction, form({ transactionId: a.markedId }));
  },
  "(app)/transactions/actions.ts#addTransferDestinationAction": async (m, a) => {
    expect(await call(m.addTransferDestinationAction, {}, form({ withdrawalId: a.withdrawalId, walletName: "B's wallet" }))).toMatchObject({ error: "That withdrawal no longer exists." });
  },
  "(app)/transactions/actions.ts#deleteManualTransactionAction": async (m, a) => {
    await call(m.deleteManualTransactionAction, form({ transactionId: a.manualId }));
  },
  "(app)/imports/actions.ts#undoImportAction": async (m, a) => {
    await call(m.undoImportAction, form({ importId: a.importId }));
  },
  "(app)/imports/actions.ts#previewImportAction": async (m, a) => {
    const out = (await call(m.previewImportAction, { head: "When,Out\n2024-01-01,1\n", mappingId: a.mappingId })) as { status: string };
    expect(out.status).not.toBe("ok");
  },
  "(app)/connections/actions.ts#reverifyConnectionAction": async (m, a) => {
    expect(await call(m.reverifyConnectionAction, { connectionId: a.connectionId })).toMatchObject({ ok: false, code: "not-found" });
  },
  "(app)/connections/actions.ts#relabelConnectionAction": async (m, a) => {
    expect(await call(m.relabelConnectionAction, { connectionId: a.connectionId, label: "pwned" })).toMatchObject({ ok: false });
  },
  "(app)/connections/actions.ts#deleteConnectionAction": async (m, a) => {
    expect(await call(m.deleteConnectionAction, { connectionId: a.connectionId, deleteTransactions: true })).toMatchObject({ ok: false });
  },
  "(app)/connections/actions.ts#syncNowAction": async (m, a) => {
    expect(await call(m.syncNowAction, { connectionId: a.connectionId })).toMatchObject({ ok: false });
  },
};

const ROUTE_CASES: Record<string, Attack> = {
  "api/sync-runs/[runId]/route.ts#GET": async (m, a) => {
    const res = (await call(m.GET, new Request("http://local/api/sync-runs/x"), { params: Promise.resolve({ runId: a.runId }) })) as Response;
    expect([401, 403, 404]).toContain(res.status);
  },
  "api/imports/route.ts#POST": async (m, a) => {
    const res = (await call(m.POST, new Request(`http://local/api/imports?account=A&fileName=x.csv&mappingId=${a.mappingId}`, { method: "POST", body: "When,Out\n2024-01-01,1\n" }))) as Response;
    expect([401, 403, 404]).toContain(res.status);
  },
};

async function snapshot(userId: string) {
  const [tx, rows, imports, conns, runs, mappings, prices, user] = await Promise.all([
    prisma.transaction.count({ where: { userId, ignored: false } }),
    prisma.transaction.findMany({ where: { userId }, orderBy: { externalId: "asc" }, select: { externalId: true, label: true, description: true, transferId: true, walletId: true } }),
    prisma.import.count({ where: { userId } }),
    prisma.connection.findMany({ where: { userId }, select: { label: true, status: true, secretSealed: true } }),
    prisma.syncRun.count({ where: { userId } }),
    prisma.columnMapping.count({ where: { userId } }),
    prisma.manualPrice.findMany({ where: { userId }, select: { price: true, asset: true } }),
    prisma.user.findUnique({ where: { id: userId }, select: { jurisdiction: true, sessionVersion: true, ledgerVersion: true } }),
  ]);
  return { tx, rows, imports, conns, runs, mappings, prices: prices.map((p) => `${p.asset}:${p.price.toFixed()}`), user };
}

let a: Ids;
let bUser: NonNullable<typeof current.user>;

beforeAll(async () => {
  const mk = async (tag: string) => {
    const u = await createUserWithPassword({ email: `${tag}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`, name: tag, passwordHash: "x" });
    if (u === "email-taken") throw new Error("unexpected");
    return u;
  };
  const userA = await mk("a");
  bUser = await mk("b");
  const imp = await commitImport(userA.id, {
    walletName: "Kraken",
    exchange: "Kraken",
    fileName: "a.csv",
    format: "kraken-ledgers",
    rowsRead: 1,
    skippedRows: 0,
    entries: [{ externalId: "a1", time: new Date("2024-01-01T00:00:00Z"), account: "Kraken", kind: "buy", sentAsset: "EUR", sentAmount: new Decimal("100"), receivedAsset: "BTC", receivedAmount: new Decimal("0.01"), feeAsset: null, feeAmount: null, fiatValue: null, fiatCurrency: null, label: null, description: null, txHash: null }],
  });
  const conn = await createConnection(userA.id, { exchange: "binance", label: "A's Binance", creds: { apiKey: "ro-aaaaaaaa", secret: "secret-of-a" }, verifiedBy: "test" });
  const run = await startOrJoinSync(userA.id, conn.id, "manual");
  const mapping = await saveColumnMapping(userA.id, { name: "A", headers: ["When", "Out"], mapping: { Date: "When", "Sent Amount": "Out" } });
  const tx = await prisma.transaction.findFirstOrThrow({ where: { userId: userA.id } });
  const price = await prisma.manualPrice.create({ data: { userId: userA.id, asset: "BTC", currency: "EUR", time: tx.time, price: "40000", transactionId: tx.id } });
  const manual = await createManualTransaction(userA.id, { walletName: "Ledger", time: new Date("2024-02-01T00:00:00Z"), kind: "withdrawal", sentAsset: "BTC", sentAmount: "0.001", receivedAsset: null, receivedAmount: null, feeAsset: null, feeAmount: null, fiatValue: null, fiatCurrency: null, label: null, description: null });
  const withdrawal = await createManualTransaction(userA.id, { walletName: "Kraken", time: new Date("2024-03-01T00:00:00Z"), kind: "withdrawal", sentAsset: "BTC", sentAmount: "0.004", receivedAsset: null, receivedAmount: null, feeAsset: null, feeAmount: null, fiatValue: null, fiatCurrency: null, label: null, description: null });
  const deposit = await createManualTransaction(userA.id, { walletName: "Ledger", time: new Date("2024-03-01T01:00:00Z"), kind: "deposit", sentAsset: null, sentAmount: null, receivedAsset: "BTC", receivedAmount: "0.004", feeAsset: null, feeAmount: null, fiatValue: null, fiatCurrency: null, label: null, description: null });
  const marked = await createManualTransaction(userA.id, { walletName: "Kraken", time: new Date("2024-04-01T00:00:00Z"), kind: "withdrawal", sentAsset: "BTC", sentAmount: "0.001", receivedAsset: null, receivedAmount: null, feeAsset: null, feeAmount: null, fiatValue: null, fiatCurrency: null, label: null, description: null });
  expect((await addTransferDestination(userA.id, marked.id, "Trezor")).ok).toBe(true);
  a = { priceId: price.id, importId: imp.importId, connectionId: conn.id, runId: run!.run.id, mappingId: mapping.id, userId: userA.id, transactionId: tx.id, withdrawalId: withdrawal.id, depositId: deposit.id, markedId: marked.id, manualId: manual.id };
});

afterAll(async () => {
  await prisma.$disconnect();
});

describe("user B cannot reach user A's data", () => {
  const actionFiles = filesNamed(APP, "actions.ts");
  const routeFiles = filesNamed(APP, "route.ts");

  it("every exported action and route has a case (or is self-only)", async () => {
    const missing: string[] = [];
    for (const file of actionFiles) {
      const rel = path.relative(APP, file);
      for (const name of Object.keys(await import(file))) {
        const key = `${rel}#${name}`;
        if (!SELF_ONLY.has(key) && !ACTION_CASES[key]) missing.push(key);
      }
    }
    for (const file of routeFiles) {
      const rel = path.relative(APP, file);
      const mod = await import(file);
      for (const name of Object.keys(mod).filter((n) => /^(GET|POST|PUT|PATCH|DELETE)$/.test(n))) {
        const key = `${rel}#${name}`;
        if (!SELF_ONLY_ROUTES.has(key) && !ROUTE_CASES[key]) missing.push(key);
      }
    }
    expect(missing).toEqual([]);
  });

  async function attackAsB(cases: Record<string, Attack>, key: string) {
    const [rel, name] = key.split("#") as [string, string];
    const mod = await import(path.join(APP, rel));
    expect(typeof mod[name]).toBe("function");
    const before = await snapshot(a.userId);
    current.user = bUser;
    try {
      await cases[key]!(mod, a);
    } finally {
      current.user = null;
    }
    expect(await snapshot(a.userId)).toEqual(before);
  }

  it.each(Object.keys(ACTION_CASES))("action %s refuses A's ids and changes nothing", (key) => attackAsB(ACTION_CASES, key));
  it.each(Object.keys(ROUTE_CASES))("route %s refuses A's ids and changes nothing", (key) => attackAsB(ROUTE_CASES, key));
});
