import fs from "node:fs";
import pg from "pg";
import { expect, test } from "./fixtures";
import { mockCredentials } from "./mock-exchange/keys";

async function openWizard(page: import("@playwright/test").Page, exchange: string) {
  await page.goto("/connections/new");
  await page.getByRole("button", { name: new RegExp(`^${exchange}`) }).click();
  await expect(page.getByRole("heading", { name: `Create a read-only ${exchange} API key` })).toBeVisible();
  await page.getByRole("button", { name: "I have a read-only key" }).click();
}

async function fillAndVerify(page: import("@playwright/test").Page, creds: { apiKey: string; secret: string }) {
  await page.getByLabel("API Key").fill(creds.apiKey);
  await page.getByLabel("Secret Key").fill(creds.secret);
  await page.getByRole("button", { name: "Verify and connect" }).click();
}

test("a read-only Binance key is saved; the page and every response keep the secret hidden", async ({ page, user }) => {
  void user;
  const creds = mockCredentials("binance", "ro-", `e2e${Date.now()}`);
  const bodies: string[] = [];
  page.on("response", async (r) => {
    try {
      bodies.push(await r.text());
    } catch {
      // redirects and aborted requests have no body
    }
  });

  await openWizard(page, "Binance");
  await fillAndVerify(page, creds);
  await expect(page).toHaveURL(/\/connections\?connected=/);
  const card = page.getByTestId("connection");
  await expect(card).toContainText(`••••${creds.apiKey.slice(-4)}`);
  await expect(card).toContainText(/Verified read-only on \d{4}-\d{2}-\d{2}/);

  await page.reload();
  const html = await page.content();
  expect(html.includes(creds.secret), "the page contained the secret").toBe(false);
  expect(html.includes(creds.apiKey), "the page contained the key").toBe(false);
  for (const body of bodies) expect(body.includes(creds.secret), "a response contained the secret").toBe(false);

  // The database stores only sealed values; no text column holds the secret or the key in clear.
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  try {
    const cols = await db.query<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb')",
    );
    for (const { table_name, column_name } of cols.rows) {
      const hits = await db.query(`SELECT count(*)::int AS n FROM "${table_name}" WHERE "${column_name}"::text LIKE $1 OR "${column_name}"::text LIKE $2`, [`%${creds.secret}%`, `%${creds.apiKey}%`]);
      expect(hits.rows[0].n, `${table_name}.${column_name}`).toBe(0);
    }
  } finally {
    await db.end();
  }
  const logFile = process.env.E2E_LOG_FILE;
  if (logFile && fs.existsSync(logFile)) expect(fs.readFileSync(logFile, "utf8")).not.toContain(creds.secret);
});

test("a withdraw-enabled key is refused with the reason and the fix; an invalid key gets its own message", async ({ page, user }) => {
  void user;
  const withdraw = mockCredentials("binance", "withdraw-", `e2e${Date.now()}`);
  const bodies: string[] = [];
  page.on("response", async (r) => {
    try {
      bodies.push(await r.text());
    } catch {
      // redirects and aborted requests have no body
    }
  });
  await openWizard(page, "Binance");
  await fillAndVerify(page, withdraw);
  const failure = page.getByTestId("verify-failure");
  await expect(failure).toContainText(/withdraw/i);
  await expect(failure).toContainText("How to fix it:");
  // The form still holds what the user typed; no server response may echo it back.
  for (const body of bodies) expect(body.includes(withdraw.secret), "a response contained the secret").toBe(false);

  const invalid = mockCredentials("binance", "bogus-", `e2e${Date.now()}`);
  await page.getByLabel("API Key").fill(invalid.apiKey);
  await page.getByLabel("Secret Key").fill(invalid.secret);
  await page.getByRole("button", { name: "Verify and connect" }).click();
  await expect(page.getByTestId("verify-failure")).not.toContainText(/withdraw/i);
  await expect(page.getByTestId("verify-failure")).toContainText(/key/i);

  await page.goto("/connections");
  await expect(page.getByTestId("connection")).toHaveCount(0);

  const logFile = process.env.E2E_LOG_FILE;
  if (logFile && fs.existsSync(logFile)) {
    const logs = fs.readFileSync(logFile, "utf8");
    expect(logs).not.toContain(withdraw.secret);
    expect(logs).not.toContain(invalid.secret);
  }
});
