import fs from "node:fs";
import pg from "pg";
import { expect, signIn, test } from "./fixtures";
import { mockCredentials } from "./mock-exchange/keys";
import { generateDataset, type GenerateDatasetOptions } from "./mock-exchange/server";
import { expectedRows } from "./mock-exchange/expected-entries";

/**
 * Scaled past one machine (ARCHITECTURE.md): scripts/e2e.ts runs two `next start` servers (E2E_PORT,
 * E2E_PORT_2) from one build and two sync workers, all on one Postgres. The same user, signed in on
 * both servers, presses "Sync now" on the same connection on both at the same moment: one run must
 * execute (the other press joins it), one worker must run its one job, and every row of the
 * exchange's history must be stored exactly once.
 */

const port2 = process.env.E2E_PORT_2;
const workerLogs = (process.env.E2E_WORKER_LOGS ?? "").split(",").filter(Boolean);
const datasetOptions = JSON.parse(process.env.E2E_SCALE_DATASET ?? "null") as GenerateDatasetOptions | null;
const readLog = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "");

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

test("two web servers and two workers: Sync now pressed on both runs one sync, once, on one worker", async ({ page, user, browser }) => {
  test.setTimeout(180_000);
  expect(port2, "scripts/e2e.ts starts the second web server and sets E2E_PORT_2").toBeTruthy();
  expect(workerLogs, "scripts/e2e.ts starts two workers and sets E2E_WORKER_LOGS").toHaveLength(2);
  expect(datasetOptions, "scripts/e2e.ts sets E2E_SCALE_DATASET").not.toBeNull();

  // Server A (Playwright's): the user signed up there (fixture) and connects the exchange.
  const creds = mockCredentials("binance", "ro-", "e2escale");
  await page.goto("/connections/new?exchange=binance");
  await page.getByRole("button", { name: "I have a read-only key" }).click();
  await page.getByLabel("API Key").fill(creds.apiKey);
  await page.getByLabel("Secret Key").fill(creds.secret);
  await page.getByRole("button", { name: "Verify and connect" }).click();
  await expect(page).toHaveURL(/\/connections\?connected=/);

  // Server B: the same user signs in there too (same AUTH_SECRET, same database, no shared memory).
  const contextB = await browser.newContext({ baseURL: `http://127.0.0.1:${port2}` });
  const pageB = await contextB.newPage();
  await signIn(pageB, user);
  await expect(pageB).toHaveURL(/\/dashboard$/);
  await pageB.goto("/connections");

  // Both workers are up and polling the queue before anyone presses anything.
  for (const file of workerLogs) await expect.poll(() => readLog(file), { timeout: 60_000, message: `${file} says the worker is ready` }).toContain("waiting for sync jobs");

  const panelA = page.getByTestId("sync-panel");
  const panelB = pageB.getByTestId("sync-panel");
  await expect(panelA).toContainText("Not synced yet");
  await expect(panelB).toContainText("Not synced yet");
  const [buttonA, buttonB] = [panelA.getByRole("button", { name: "Sync now" }), panelB.getByRole("button", { name: "Sync now" })];
  await expect(buttonA).toBeEnabled();
  await expect(buttonB).toBeEnabled();
  await Promise.all([buttonA.click(), buttonB.click()]);

  // Both pages follow the one run to its end, through their own server.
  const summaryA = page.getByTestId("sync-summary");
  const summaryB = pageB.getByTestId("sync-summary");
  await expect(summaryA).toContainText("Sync finished", { timeout: 120_000 });
  await expect(summaryB).toContainText("Sync finished", { timeout: 30_000 });
  const created = (text: string | null) => Number(/Sync finished: ([\d,]+) new/.exec(text ?? "")?.[1]?.replace(/,/g, ""));
  const expected = expectedRows("binance", generateDataset(datasetOptions ?? {}));
  expect(created(await summaryA.textContent())).toBe(expected.length);
  expect(created(await summaryB.textContent())).toBe(expected.length);

  // One run for the connection, SUCCEEDED: the second press joined the first.
  const [conn] = await query<{ id: string; walletId: string }>(`SELECT c.id, c."walletId" FROM "Connection" c JOIN "User" u ON u.id = c."userId" WHERE u.email = $1`, [user.email]);
  expect(conn).toBeDefined();
  const runs = await query<{ id: string; status: string; created: number }>(`SELECT id, status, created FROM "SyncRun" WHERE "connectionId" = $1`, [conn?.id]);
  expect(runs).toEqual([expect.objectContaining({ status: "SUCCEEDED", created: expected.length })]);
  const runId = runs[0]?.id as string;

  // Every row of the exchange's history, exactly once.
  const rows = await query<{ externalId: string; n: number }>(`SELECT "externalId", count(*)::int AS n FROM "Transaction" WHERE "walletId" = $1 GROUP BY 1`, [conn?.walletId]);
  expect(rows.filter((r) => r.n !== 1)).toEqual([]);
  expect(rows.map((r) => r.externalId).sort()).toEqual(expected.map((r) => r.externalId).sort());

  // One job in the shared queue, completed, and exactly one worker ran it.
  const jobs = await query<{ state: string; retry_count: number }>(`SELECT state, retry_count FROM pgboss.job WHERE name = 'sync-exchange' AND data->>'connectionId' = $1`, [conn?.id]);
  expect(jobs).toEqual([{ state: "completed", retry_count: 0 }]);
  const starts = workerLogs.map((file) => readLog(file).split("\n").filter((l) => l.includes(runId) && l.includes('"msg":"sync started"')).length);
  expect(starts.reduce((a, b) => a + b, 0), `"sync started" for ${runId} per worker: ${starts.join(", ")}`).toBe(1);

  await contextB.close();
});
