import fs from "node:fs";
import pg from "pg";
import { generate } from "otplib";
import type { Page } from "@playwright/test";
import { expect, formError, signIn, test, type Credentials } from "./fixtures";

/** What the user's authenticator app shows `steps` periods from now. */
function codeFor(secret: string, steps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });
}

/** A 6-digit code that is not valid anywhere near now. */
async function wrongCode(secret: string): Promise<string> {
  const near = new Set(await Promise.all([-2, -1, 0, 1, 2].map((s) => codeFor(secret, s))));
  for (let n = 0; ; n++) {
    const c = String(n).padStart(6, "0");
    if (!near.has(c)) return c;
  }
}

async function signOut(page: Page) {
  await page.goto("/dashboard");
  await page.getByRole("button", { name: "Sign out", exact: true }).first().click();
  await expect(page).toHaveURL(/\/signin/);
}

/** Email and password, then the code the form asks for. */
async function signInWithCode(page: Page, creds: Credentials, code: string) {
  await signIn(page, creds);
  const field = page.getByLabel("Authentication code");
  await expect(field).toBeVisible();
  await field.fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
}

test("two-factor: set up with a code, sign in with a code or a recovery code (each once), turn it off; the secret never comes back", async ({ page, user }) => {
  // One journey through a dozen argon2 checks (password, recovery codes): give it the slow-test budget.
  test.slow();
  await page.goto("/settings");
  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
  await expect(page.getByRole("img", { name: "QR code to add Lotwise to your authenticator app" })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").innerText()).replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);

  // Pending until a code confirms it: a wrong one is refused and two-factor stays off.
  await page.getByLabel("Code from the app").fill(await wrongCode(secret));
  await page.getByRole("button", { name: "Turn on two-factor" }).click();
  await expect(page.getByText("That code is not valid")).toBeVisible();

  // From here on, no response may carry the secret.
  const bodies: string[] = [];
  page.on("response", async (r) => {
    try {
      bodies.push(await r.text());
    } catch {
      // redirects and aborted requests have no body
    }
  });

  await page.getByLabel("Code from the app").fill(await codeFor(secret));
  await page.getByRole("button", { name: "Turn on two-factor" }).click();
  await expect(page.getByText("Two-factor authentication is on.")).toBeVisible();
  const codes = await page.getByTestId("recovery-codes").locator("li").allInnerTexts();
  expect(codes).toHaveLength(10);
  for (const c of codes) expect(c).toMatch(/^[0-9a-z]{5}-[0-9a-z]{5}$/);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download" }).click()]);
  expect(download.suggestedFilename()).toBe("lotwise-recovery-codes.txt");
  expect(fs.readFileSync(await download.path(), "utf8")).toContain(codes.join("\n"));
  await page.getByRole("button", { name: "I have saved them" }).click();
  await expect(page.getByTestId("recovery-codes-left")).toHaveText(/^10 of 10 recovery codes left\./);
  await expect(page.getByTestId("totp-secret")).toHaveCount(0);

  await page.reload();
  await expect(page.getByText("Two-factor authentication is on")).toBeVisible();
  await expect(page.getByTestId("recovery-codes")).toHaveCount(0);

  // Sign-in now asks for a code after the password; a wrong password still says nothing more.
  await signOut(page);
  await signIn(page, { email: user.email, password: "not-the-password" });
  await expect(formError(page)).toHaveText("Wrong email or password.");
  await expect(page.getByLabel("Authentication code")).toHaveCount(0);

  await signInWithCode(page, user, await wrongCode(secret));
  await expect(formError(page)).toContainText("That code is not valid");
  await expect(page).toHaveURL(/\/signin/);
  // The confirming code's step is spent; the next step's code is inside the ±1-step window.
  const good = await codeFor(secret, 1);
  await page.getByLabel("Authentication code").fill(good);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  // The same code cannot be replayed.
  await signOut(page);
  await signInWithCode(page, user, good);
  await expect(formError(page)).toContainText("That code is not valid");

  // A recovery code works once, typed any way, and not twice.
  const [first, second, third] = codes as [string, string, string];
  await page.getByLabel("Authentication code").fill(first.toUpperCase());
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await signOut(page);
  await signInWithCode(page, user, first);
  await expect(formError(page)).toContainText("That code is not valid");
  await page.getByLabel("Authentication code").fill(second);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  await page.goto("/settings");
  await expect(page.getByTestId("recovery-codes-left")).toHaveText(/^8 of 10 recovery codes left\./);
  const html = await page.content();
  expect(html.includes(secret), "the settings page contained the secret").toBe(false);

  // Turning off needs the password and a second factor.
  const card = page.locator("section").filter({ has: page.getByRole("heading", { name: "Two-factor authentication" }) });
  await card.getByLabel("Current password").fill("not-the-password");
  await card.getByLabel("Authentication code").fill(third);
  await card.getByRole("button", { name: "Turn off two-factor" }).click();
  await expect(card.getByText("That is not your current password")).toBeVisible();
  await card.getByLabel("Current password").fill(user.password);
  await card.getByLabel("Authentication code").fill(third);
  await card.getByRole("button", { name: "Turn off two-factor" }).click();
  await expect(page.getByText("Two-factor authentication is off.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Set up two-factor authentication" })).toBeVisible();

  await signOut(page);
  await signIn(page, user);
  await expect(page).toHaveURL(/\/dashboard$/);

  for (const body of bodies) {
    expect(body.includes(secret), "a response after setup contained the TOTP secret").toBe(false);
    expect(body.includes(secret.replace(/(.{4})(?=.)/g, "$1 ")), "a response after setup contained the grouped TOTP secret").toBe(false);
  }
  expect(bodies.length).toBeGreaterThan(10);

  // Neither the secret nor a recovery code is stored or logged in clear.
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  try {
    const cols = await db.query<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb')",
    );
    const needles = [secret, ...codes.map((c) => c.replace("-", ""))];
    for (const { table_name, column_name } of cols.rows) {
      const hits = await db.query(`SELECT count(*)::int AS n FROM "${table_name}" WHERE "${column_name}"::text ILIKE ANY($1::text[])`, [needles.map((n) => `%${n}%`)]);
      expect(hits.rows[0].n, `${table_name}.${column_name}`).toBe(0);
    }
  } finally {
    await db.end();
  }
  const logFile = process.env.E2E_LOG_FILE;
  if (logFile && fs.existsSync(logFile)) {
    const log = fs.readFileSync(logFile, "utf8");
    expect(log).not.toContain(secret);
    for (const c of codes) expect(log).not.toContain(c);
  }
});

test("the sign-in code step can be abandoned for another account", async ({ page, user }) => {
  await page.goto("/settings");
  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
  const secret = (await page.getByTestId("totp-secret").innerText()).replace(/\s/g, "");
  await page.getByLabel("Code from the app").fill(await codeFor(secret));
  await page.getByRole("button", { name: "Turn on two-factor" }).click();
  await expect(page.getByTestId("recovery-codes")).toBeVisible();

  await signOut(page);
  await signIn(page, user);
  await expect(page.getByText(`Two-factor authentication is on for ${user.email}`)).toBeVisible();
  await page.getByRole("button", { name: "Use a different account" }).click();
  await expect(page.getByLabel("Email")).toHaveValue("");
  await expect(page.getByLabel("Authentication code")).toHaveCount(0);
});
