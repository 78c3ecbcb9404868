import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

const FIXTURES = path.resolve(__dirname, "../../shared/fixtures");
const gemini = path.join(FIXTURES, "gemini/gemini_transaction_history.csv");
const bybit = path.join(FIXTURES, "bybit/bybit_deposit_withdrawal_history.csv");

async function importFile(page: Page, file: string, account: string) {
  await page.goto("/imports");
  await page.getByLabel("CSV file", { exact: true }).setInputFiles(file);
  await expect(page.getByLabel("New account name")).toBeVisible();
  await page.getByLabel("New account name").fill(account);
  await page.getByRole("button", { name: /^Import .*\.(csv|xlsx)$/ }).click();
  await expect(page.getByTestId("import-summary")).toContainText("new");
}

/** A screenshot the test reads back: a real PNG of a rendered page, not an empty canvas. */
async function checkedScreenshot(page: Page, file: string) {
  const png = await page.screenshot({ path: file, fullPage: true });
  expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
  expect(png.length).toBeGreaterThan(20_000);
}

test("two exchanges with a transfer between them: totals, chart, warnings centre, mark the transfer", async ({ page, user }, testInfo) => {
  test.slow();
  void user;
  // Gemini sent 0.01 BTC out on 2024-02-11; Bybit received 0.0125 BTC on 2024-02-18 with no tx hash:
  // too far apart and too different for Lotwise to pair them on its own.
  await importFile(page, gemini, "Gemini");
  await importFile(page, bybit, "Bybit");
  // The two prices the ledger needs and no export gives: BTC on the ETH→BTC trade, ETH on the interest credit.
  const prices = testInfo.outputPath("prices.csv");
  fs.writeFileSync(prices, "Date,Asset,Currency,Price\n2024-01-20,BTC,USD,41000\n2024-02-01,ETH,USD,2300\n");
  await page.goto("/imports");
  await page.getByLabel("Price CSV file").setInputFiles(prices);
  await page.getByRole("button", { name: "Import prices" }).click();
  await expect(page.getByText("prices.csv: 2 new prices")).toBeVisible();

  // 2024, US FIFO (universal lots before 2025):
  //  ETH 0.09 traded for BTC on 01-20: proceeds 0.004922 BTC x 41,000 = 201.802, cost 203.92 -> -2.12
  //  BTC 0.018 sold on 02-25 for 1,038.73 - 2.08 fee = 1,036.65; FIFO after the 0.01 BTC withdrawal
  //  left: 0.01367425 of the 01-03 lot (1,004.00 for 0.02367425) + 0.00432575 of the 01-20 lot -> 279.35
  //  => realized 277.23; interest 0.0001211 ETH x 2,300 = 0.28.
  await page.goto("/dashboard?year=2024");
  await expect(page.getByTestId("realized-gain")).toHaveText("$277.23");
  await expect(page.getByTestId("total-gain")).toHaveText("$277.23");
  await expect(page.getByTestId("income-by-type")).toContainText("interest $0.28");
  // The page's figures are the reports' figures.
  await page.goto("/reports?year=2024");
  await expect(page.getByTestId("total-gain")).toHaveText("$277.23");

  await page.goto("/dashboard?year=2024");
  const chart = page.getByTestId("value-chart");
  await expect(chart).toBeVisible();
  await page.getByRole("button", { name: "All time" }).click();
  await expect(page.getByRole("button", { name: "All time" })).toHaveAttribute("aria-pressed", "true");
  expect(Number(await chart.getAttribute("data-points"))).toBeGreaterThan(100);
  await expect(chart.locator("path.recharts-area-curve")).toHaveAttribute("d", /^M[\d.]+,[\d.]+(L|C)/);
  await checkedScreenshot(page, testInfo.outputPath("dashboard-before.png"));

  // The warnings centre lists the unmatched withdrawal and offers the Bybit deposit as its other half.
  await expect(page.getByTestId("nav-warning-count").first()).toBeVisible();
  await page.getByRole("link", { name: /^Warnings/ }).first().click();
  const centre = page.getByTestId("warnings-centre");
  const withdrawal = centre.getByTestId("warning-unmatched-withdrawal").filter({ hasText: "0.01 BTC from Gemini" });
  await expect(withdrawal).toHaveCount(1);
  await expect(centre.getByTestId("warning-unmatched-withdrawal")).toHaveCount(3);
  await checkedScreenshot(page, testInfo.outputPath("warnings-before.png"));
  await withdrawal.getByRole("button", { name: /Pair with the deposit of 0\.0125 BTC into Bybit on 2024-02-18/ }).click();
  // The page re-renders with the new result: the warning (and its fix) are gone, also after a reload.
  await expect(withdrawal).toHaveCount(0);
  await page.reload();
  // Bybit's USDT and BTC withdrawals still have no other half.
  await expect(centre.getByTestId("warning-unmatched-withdrawal")).toHaveCount(2);
  await expect(centre.getByTestId("warning-unmatched-withdrawal").filter({ hasText: "0.01 BTC from Gemini" })).toHaveCount(0);

  // The lots moved with the coins: the 02-25 sale now takes 0.018 of the 01-03 lot,
  // 1,004.00 x 0.018 / 0.02367425 = 763.36 -> gain 273.29 (was 279.35): 277.23 - 279.35 + 273.29 = 271.17.
  await page.goto("/dashboard?year=2024");
  await expect(page.getByTestId("realized-gain")).toHaveText("$271.17");
  await checkedScreenshot(page, testInfo.outputPath("dashboard-after.png"));

  // The audit trail of that sale names the lot and its source row.
  await page.goto("/disposals?year=2024&asset=BTC");
  await page.getByTestId("disposals").getByRole("link", { name: "Audit trail" }).first().click();
  await expect(page.getByTestId("disposal-gain")).toHaveText("$273.29");
  // All of it from the 01-03 purchase (in two pieces: the part that moved to Bybit is a lot piece of its own).
  const lots = page.getByTestId("consumed-lots").locator("tbody tr");
  await expect(lots.first()).toContainText("2024-01-03");
  await expect(page.getByTestId("consumed-lots")).not.toContainText("2024-01-20");
});

test("a manual transaction and a label edit change the figures; the demo portfolio loads and goes in one click", async ({ page, user }) => {
  test.slow();
  void user;
  await page.goto("/dashboard");
  await page.getByRole("button", { name: "Explore with a demo portfolio" }).click();
  await expect(page.getByTestId("demo-banner")).toBeVisible();
  await expect(page.getByTestId("total-value")).not.toHaveText("$0.00");
  await expect(page.getByTestId("nav-warning-count").first()).toBeVisible();
  await page.goto("/holdings");
  await expect(page.getByTestId("holding").first()).toBeVisible();
  await page.goto("/dashboard");
  await page.getByRole("button", { name: "Remove the demo" }).click();
  await expect(page.getByText("Your ledger is empty")).toBeVisible();

  await page.goto("/transactions/new");
  await page.getByLabel("What happened").selectOption("deposit");
  await page.getByLabel("When (UTC)").fill("2024-05-01T12:00");
  await page.getByLabel("Account").fill("Ledger Nano");
  await page.getByRole("group", { name: "Received" }).getByLabel("Amount").fill("2");
  await page.getByRole("group", { name: "Received" }).getByLabel("Asset").fill("SOL");
  await page.getByLabel("Value (optional)").fill("300");
  await page.getByRole("button", { name: "Add transaction" }).click();
  await expect(page.getByText("Transaction added.")).toBeVisible();
  const row = page.getByTestId("transaction-row").filter({ hasText: "Ledger Nano" });
  await expect(row).toContainText("manual");

  // A deposit from nowhere is a warning; labelled as staking it becomes income at its value.
  await page.goto("/warnings");
  await expect(page.getByTestId("warning-unmatched-deposit")).toHaveCount(1);
  await page.goto("/transactions");
  await row.locator("summary", { hasText: "Edit" }).click();
  await row.getByLabel("Label").fill("staking");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row.getByText("Saved.")).toBeVisible();
  await page.goto("/dashboard?year=2024");
  await expect(page.getByTestId("income-by-type")).toContainText("staking $300.00");
  await page.goto("/warnings");
  await expect(page.getByText("No warnings")).toBeVisible();
});
