import { expect, test } from "@playwright/test";
import { formError, newCredentials, signIn, signUp } from "./fixtures";

test("sign up, sign out, sign in, change settings, settings persist after reload", async ({ page }) => {
  const creds = newCredentials();
  await signUp(page, creds);
  await expect(page.getByRole("heading", { name: "Your ledger is empty" })).toBeVisible();
  await expect(page.getByTestId("signed-in-email").first()).toHaveText(creds.email);

  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page).toHaveURL(/\/signin/);

  await signIn(page, creds);
  await expect(page).toHaveURL(/\/dashboard$/);

  await page.getByRole("link", { name: "Settings" }).first().click();
  await expect(page).toHaveURL(/\/settings$/);
  await page.getByLabel("Tax jurisdiction").selectOption("UK");
  await page.getByLabel("Base currency").selectOption("GBP");
  await page.getByLabel("Time zone").selectOption("Europe/London");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();

  await page.reload();
  await expect(page.getByLabel("Tax jurisdiction")).toHaveValue("UK");
  await expect(page.getByLabel("Base currency")).toHaveValue("GBP");
  await expect(page.getByLabel("Time zone")).toHaveValue("Europe/London");
  await expect(page.getByLabel("Cost-basis method")).toHaveValue("FIFO");
  await expect(page.getByText("HMRC's matching rules apply")).toBeVisible();

  await page.getByLabel("Tax jurisdiction").selectOption("US");
  await page.getByLabel("Cost-basis method").selectOption("HIFO");
  await page.getByLabel("Base currency").selectOption("USD");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
  await page.goto("/dashboard");
  await expect(page.getByText("US rules · USD · HIFO")).toBeVisible();
});

test("wrong password is refused without saying which part was wrong; signed-out visits go to sign-in", async ({ page }) => {
  await page.goto("/transactions?page=2");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Ftransactions%3Fpage%3D2/);

  const creds = newCredentials();
  await signUp(page, creds);
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page).toHaveURL(/\/signin/);

  await signIn(page, { email: creds.email, password: "not-the-password" });
  await expect(formError(page)).toHaveText("Wrong email or password.");
  await signIn(page, { email: `nobody-${creds.email}`, password: creds.password });
  await expect(formError(page)).toHaveText("Wrong email or password.");

  // After signing in from the redirect, the user lands where they were going.
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fsettings/);
  await page.getByLabel("Email").fill(creds.email);
  await page.getByLabel("Password").fill(creds.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings$/);
});

test("repeated failures are rate-limited, and sign out everywhere revokes other sessions", async ({ page, browser }) => {
  const creds = newCredentials();
  await signUp(page, creds);

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, creds);
  await expect(otherPage).toHaveURL(/\/dashboard$/);

  await page.goto("/settings");
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await otherPage.goto("/dashboard");
  await expect(otherPage).toHaveURL(/\/signin/);

  for (let i = 0; i < 5; i++) {
    await signIn(otherPage, { email: creds.email, password: `wrong-${i}` });
    await expect(formError(otherPage)).toHaveText("Wrong email or password.");
  }
  await signIn(otherPage, creds);
  await expect(formError(otherPage)).toContainText("Too many failed sign-in attempts");
  await other.close();
});
