import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { createUserWithPassword } from "@/lib/db/users";
import { createConnection } from "@/lib/db/connections";
import { startOrJoinSync } from "@/lib/db/sync";
import { generateDataset, startMockExchange, type MockExchangeHandle } from "@/e2e/mock-exchange/server";
import { mockCredentials } from "@/e2e/mock-exchange/keys";
import { comparable, expectedRows } from "@/e2e/mock-exchange/expected-entries";
import { runSyncJob } from "./sync-exchange";

let mock: MockExchangeHandle;
const MARKETS = ["BTC/USDT", "ETH/USDT", "ETH/BTC", "SOL/USDT"];

beforeAll(async () => {
  mock = await startMockExchange();
  process.env.LOTWISE_EXCHANGE_MOCK_URL = mock.url;
});
afterAll(async () => {
  await mock.close();
  await prisma.$disconnect();
});

async function connect(prefix: "ro-" | "flaky429-" | "flaky503-", suffix: string, dataset: ReturnType<typeof generateDataset>, exchange: "binance" | "kucoin" = "binance") {
  const u = await createUserWithPassword({ email: `sync-${suffix}-${Date.now()}@example.test`, name: null, passwordHash: "x" });
  if (u === "email-taken") throw new Error("unexpected");
  const creds = mockCredentials(exchange, prefix, suffix);
  mock.state.setDataset(creds.apiKey, dataset);
  const conn = await createConnection(u.id, { exchange, label: exchange === "binance" ? "Binance" : "KuCoin", creds, verifiedBy: "test" });
  const wallet = await prisma.wallet.findFirstOrThrow({ where: { userId: u.id } });
  return { userId: u.id, connectionId: conn.id, walletId: wallet.id, apiKey: creds.apiKey };
}

async function syncOnce(userId: string, connectionId: string) {
  const started = await startOrJoinSync(userId, connectionId, "manual");
  if (!started) throw new Error("no run");
  await runSyncJob({ userId, runId: started.run.id, connectionId }, { backoff: { baseMs: 5, maxMs: 20 } });
  return prisma.syncRun.findUniqueOrThrow({ where: { id: started.run.id } });
}

async function storedRows(walletId: string) {
  const rows = await prisma.transaction.findMany({ where: { walletId } });
  return rows.map((r) => comparable({ ...r, sentAmount: r.sentAmount?.toFixed() ?? null, receivedAmount: r.receivedAmount?.toFixed() ?? null, feeAmount: r.feeAmount?.toFixed() ?? null })).sort((a, b) => a.externalId.localeCompare(b.externalId));
}

const sorted = <T extends { externalId: string }>(rows: T[]) => [...rows].sort((a, b) => a.externalId.localeCompare(b.externalId));

describe("sync jobs on Postgres against the mock exchange", { timeout: 180_000 }, () => {
  it("a full sync stores exactly the mock's rows, a second adds 0, new rows arrive incrementally", async () => {
    const dataset = generateDataset({ seed: 21, trades: 5_200, markets: MARKETS, deposits: 40, withdrawals: 25, rewards: 150 });
    const acct = await connect("ro-", "full", dataset);

    const first = await syncOnce(acct.userId, acct.connectionId);
    expect(first.status).toBe("SUCCEEDED");
    expect(await storedRows(acct.walletId)).toEqual(sorted(expectedRows("binance", dataset)));
    expect(first.created).toBe(expectedRows("binance", dataset).length);
    expect(first.balanceDiffs).toEqual([]);

    const second = await syncOnce(acct.userId, acct.connectionId);
    expect(second).toMatchObject({ status: "SUCCEEDED", created: 0 });

    const start = Date.now() - 60_000;
    mock.state.appendRows(acct.apiKey, { seed: 22, trades: 60, deposits: 2, withdrawals: 1, rewards: 3, start, end: start + 30_000 });
    const third = await syncOnce(acct.userId, acct.connectionId);
    expect(third.status).toBe("SUCCEEDED");
    expect(third.created).toBe(66);
    expect(await storedRows(acct.walletId)).toEqual(sorted(expectedRows("binance", dataset)));
  });

  it("binance Convert and dust sweeps are one row each, stored once across syncs", async () => {
    const dataset = generateDataset({ seed: 23, trades: 400, markets: MARKETS, deposits: 6, withdrawals: 3, rewards: 10, conversions: 12, dust: 6 });
    const acct = await connect("ro-", "convert", dataset);
    const first = await syncOnce(acct.userId, acct.connectionId);
    expect(first.status).toBe("SUCCEEDED");
    expect(await storedRows(acct.walletId)).toEqual(sorted(expectedRows("binance", dataset)));
    expect(first.balanceDiffs).toEqual([]);
    expect(await syncOnce(acct.userId, acct.connectionId)).toMatchObject({ status: "SUCCEEDED", created: 0 });
  });

  it("kucoin: a full sync stores exactly the mock's rows (Instant Exchange pairs as one row), a second adds 0, new rows arrive incrementally", async () => {
    const dataset = generateDataset({ seed: 61, trades: 3_000, markets: MARKETS, deposits: 20, withdrawals: 10, rewards: 60, conversions: 20 });
    const acct = await connect("ro-", "kucoin-full", dataset, "kucoin");

    const first = await syncOnce(acct.userId, acct.connectionId);
    expect(first.status).toBe("SUCCEEDED");
    expect(await storedRows(acct.walletId)).toEqual(sorted(expectedRows("kucoin", dataset)));
    expect(first.created).toBe(expectedRows("kucoin", dataset).length);
    expect(first.balanceDiffs).toEqual([]);

    const second = await syncOnce(acct.userId, acct.connectionId);
    expect(second).toMatchObject({ status: "SUCCEEDED", created: 0 });

    const start = Date.now() - 60_000;
    mock.state.appendRows(acct.apiKey, { seed: 62, trades: 40, deposits: 2, withdrawals: 1, rewards: 3, conversions: 2, start, end: start + 30_000 });
    const third = await syncOnce(acct.userId, acct.connectionId);
    expect(third.status).toBe("SUCCEEDED");
    expect(third.created).toBe(48);
    expect(third.balanceDiffs).toEqual([]);
    expect(await storedRows(acct.walletId)).toEqual(sorted(expectedRows("kucoin", dataset)));
  });

  it("a worker killed mid-sync and retried ends with the same rows, no duplicates", async () => {
    const dataset = generateDataset({ seed: 31, trades: 20_000, markets: MARKETS, deposits: 30, withdrawals: 20, rewards: 100 });
    const acct = await connect("ro-", "killed", dataset);
    const started = await startOrJoinSync(acct.userId, acct.connectionId, "manual");
    const job = { userId: acct.userId, runId: started!.run.id, connectionId: acct.connectionId };

    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(__dirname, "__fixtures__/run-sync-child.ts"), JSON.stringify(job)], { env: process.env, stdio: "ignore" });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    for (;;) {
      const run = await prisma.syncRun.findUniqueOrThrow({ where: { id: job.runId } });
      if (run.fetched > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill("SIGKILL");
    await exited;
    const killedAt = await prisma.syncRun.findUniqueOrThrow({ where: { id: job.runId } });
    expect(killedAt.status).toBe("RUNNING");
    const partial = await prisma.transaction.count({ where: { walletId: acct.walletId } });
    expect(partial).toBeLessThan(expectedRows("binance", dataset).length);

    // The queue retries the same job; it resumes from the cursors stored with the last page.
    await runSyncJob(job);
    expect((await prisma.syncRun.findUniqueOrThrow({ where: { id: job.runId } })).status).toBe("SUCCEEDED");
    expect(await storedRows(acct.walletId)).toEqual(sorted(expectedRows("binance", dataset)));
  });

  it.each(["flaky429-", "flaky503-"] as const)("%s: the exchange's refusals are waited out and the sync completes", async (prefix) => {
    const dataset = generateDataset({ seed: 41, trades: 800, markets: MARKETS, deposits: 5, withdrawals: 5, rewards: 10 });
    const acct = await connect(prefix, `f${prefix.length}`, dataset);
    const run = await syncOnce(acct.userId, acct.connectionId);
    expect(run.status).toBe("SUCCEEDED");
    expect(await storedRows(acct.walletId)).toEqual(sorted(expectedRows("binance", dataset)));
  });

  it("a second Sync now while one runs joins it", async () => {
    const acct = await connect("ro-", "join", generateDataset({ seed: 51, trades: 10, markets: MARKETS }));
    const a = await startOrJoinSync(acct.userId, acct.connectionId, "manual");
    const [b, c] = await Promise.all([startOrJoinSync(acct.userId, acct.connectionId, "manual"), startOrJoinSync(acct.userId, acct.connectionId, "daily")]);
    expect(a?.joined).toBe(false);
    expect(b).toMatchObject({ joined: true, run: { id: a?.run.id } });
    expect(c).toMatchObject({ joined: true, run: { id: a?.run.id } });
  });
});
