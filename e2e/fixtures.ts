import { test as base, expect, type Page } from "@playwright/test";
import crypto from "node:crypto";

export interface Credentials {
  email: string;
  password: string;
}

export function newCredentials(prefix = "user"): Credentials {
  return { email: `${prefix}-${crypto.randomUUID().slice(0, 8)}@example.test`, password: `pw-${crypto.randomUUID()}` };
}

export async function signUp(page: Page, creds: Credentials, name = "Test User") {
  await page.goto("/signup");
  await page.getByLabel("Name (optional)").fill(name);
  await page.getByLabel("Email").fill(creds.email);
  await page.getByLabel("Password", { exact: true }).fill(creds.password);
  await page.getByLabel("Confirm password").fill(creds.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

export async function signIn(page: Page, creds: Credentials) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(creds.email);
  await page.getByLabel("Password").fill(creds.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** The form's own error message (Next's route announcer is also role="alert", but empty). */
export function formError(page: Page) {
  return page.locator("form [role=alert]");
}

/** A page whose user is already signed up and signed in. */
export const test = base.extend<{ user: Credentials }>({
  user: async ({ page }, use) => {
    const creds = newCredentials();
    await signUp(page, creds);
    await use(creds);
  },
});

export { expect };
