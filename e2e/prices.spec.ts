import fs from "node:fs";
import { expect, test } from "./fixtures";

const LEDGER = [
  "Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Label,Description,TxHash,Account",
  "2024-01-10 10:00:00,50,USD,100,XYZ,,,,,,Bought XYZ,,Wallet",
  "2024-03-01 12:00:00,10,XYZ,5,ABC,,,,,,Swapped for ABC,,Wallet",
].join("\n");

test("a missing price is a warning with its fix: set it by hand, or import a price CSV", async ({ page, user }, testInfo) => {
  void user;
  const ledger = testInfo.outputPath("ledger.csv");
  fs.writeFileSync(ledger, `${LEDGER}\n`);
  await page.goto("/imports");
  await page.getByLabel("CSV file", { exact: true }).setInputFiles(ledger);
  await page.getByRole("button", { name: /^Import .*\.(csv|xlsx)$/ }).click();
  await expect(page.getByTestId("import-summary")).toContainText("2 new");

  // The navigation counts the warnings; the warnings centre lists each with its fix.
  await page.goto("/dashboard?year=2024");
  await expect(page.getByTestId("nav-warning-count").first()).toHaveText("1");
  await page.getByRole("link", { name: /Warnings/ }).first().click();
  const warnings = page.getByTestId("warnings-centre");
  await expect(warnings).toContainText("Missing prices (1)");
  await expect(warnings).toContainText("no USD price for ABC");
  await warnings.getByLabel("Price of one ABC in USD").first().fill("2.5");
  await warnings.getByRole("button", { name: "Set price" }).first().click();
  // The page recomputes at once: the warning is gone and the gain uses the new price.
  await expect(page.getByText("no USD price for ABC")).toHaveCount(0);
  await page.reload();
  await expect(page.getByText("no USD price for ABC")).toHaveCount(0);
  await expect(page.getByTestId("nav-warning-count")).toHaveCount(0);
  await page.goto("/dashboard?year=2024");
  // 10 XYZ bought at 0.50 USD each, sold for 5 ABC x 2.50 USD: a gain of 7.50.
  await expect(page.getByTestId("total-gain")).toHaveText("$7.50");
  // The method comparison prices the same ledger the same way.
  await page.goto("/reports?year=2024");
  await expect(page.getByTestId("method-comparison").locator("tr", { hasText: "(current)" })).toContainText("$7.50");

  const prices = testInfo.outputPath("prices.csv");
  fs.writeFileSync(prices, "Date,Asset,Currency,Price\n2024-06-01,XYZ,USD,0.75\n2024-06-02,XYZ,USD,not-a-price\n");
  await page.goto("/imports");
  await page.getByLabel("Price CSV file").setInputFiles(prices);
  await page.getByRole("button", { name: "Import prices" }).click();
  await expect(page.getByTestId("row-errors")).toContainText("3");
  fs.writeFileSync(prices, "Date,Asset,Currency,Price\n2024-06-01,XYZ,USD,0.75\n");
  await page.getByLabel("Price CSV file").setInputFiles(prices);
  await page.getByRole("button", { name: "Import prices" }).click();
  await expect(page.getByText("1 new prices")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("manual-prices")).toContainText("0.75 USD");
  await expect(page.getByTestId("manual-prices")).toContainText("2.5 USD");

  // Any transaction can be priced by hand from the ledger.
  await page.goto("/transactions");
  const swap = page.getByTestId("transaction-row").filter({ hasText: "ABC" });
  await swap.locator("summary", { hasText: "Set price" }).click();
  await swap.getByLabel("Price of one XYZ in USD").fill("0.6");
  await swap.locator("form", { has: page.getByLabel("Price of one XYZ in USD") }).getByRole("button", { name: "Set price" }).click();
  // The ledger re-renders with the new figures; the price is listed with the others.
  await expect
    .poll(async () => {
      await page.goto("/imports");
      return page.getByTestId("manual-prices").textContent();
    })
    .toContain("0.6 USD");
});
