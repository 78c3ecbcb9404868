import { expect, test } from "./fixtures";
import { mockCredentials } from "./mock-exchange/keys";

test("connect a read-only key, sync now, watch progress, and find the history in the ledger", async ({ page, user }) => {
  void user;
  // scripts/e2e.ts gave this key a 1,500-trade history on the mock exchange.
  const creds = mockCredentials("binance", "ro-", "e2esync");
  await page.goto("/connections/new?exchange=binance");
  await page.getByRole("button", { name: "I have a read-only key" }).click();
  await page.getByLabel("API Key").fill(creds.apiKey);
  await page.getByLabel("Secret Key").fill(creds.secret);
  await page.getByRole("button", { name: "Verify and connect" }).click();
  await expect(page).toHaveURL(/\/connections\?connected=/);

  const panel = page.getByTestId("sync-panel");
  await expect(panel).toContainText("Not synced yet");
  await panel.getByRole("button", { name: "Sync now" }).click();
  await expect(panel.getByRole("progressbar")).toBeVisible();
  await expect(panel.getByRole("button", { name: "Syncing…" })).toBeDisabled();

  const summary = page.getByTestId("sync-summary");
  await expect(summary).toContainText("Sync finished", { timeout: 90_000 });
  const created = Number(/Sync finished: ([\d,]+) new/.exec((await summary.textContent()) ?? "")?.[1]?.replace(/,/g, ""));
  expect(created).toBeGreaterThan(1500);
  await expect(summary).toContainText("trade");
  await expect(panel).toContainText("Last synced");

  await page.goto("/transactions");
  await expect(page.getByText(`${created.toLocaleString("en-US")} ledger rows`)).toBeVisible();
  await expect(page.getByTestId("transaction-row").first()).toContainText("Binance");

  await page.goto("/dashboard");
  await expect(page.getByText(created.toLocaleString("en-US"))).toBeVisible();

  // A second sync adds nothing.
  await page.goto("/connections");
  await page.getByTestId("sync-panel").getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByTestId("sync-summary")).toContainText("Sync finished: 0 new", { timeout: 60_000 });
});
