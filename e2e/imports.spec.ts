import path from "node:path";
import { expect, test } from "./fixtures";

const FIXTURES = path.resolve(__dirname, "../../shared/fixtures");
const coinbase = path.join(FIXTURES, "coinbase/coinbase_transaction_history.csv");

test("upload a Coinbase export, re-upload it without duplicates, refuse a broken file with its line errors", async ({ page, user }) => {
  void user;
  await page.goto("/imports");

  await page.getByLabel("CSV file", { exact: true }).setInputFiles(coinbase);
  await expect(page.getByTestId("detected-format")).toContainText("Coinbase");
  await expect(page.getByTestId("import-preview").locator("tbody tr").first()).toBeVisible();
  await expect(page.getByLabel("New account name")).toHaveValue("Coinbase");
  await page.getByRole("button", { name: /^Import .*\.(csv|xlsx)$/ }).click();

  const summary = page.getByTestId("import-summary");
  await expect(summary).toContainText("already imported");
  const firstText = (await summary.locator("p").first().textContent()) ?? "";
  const created = Number(/: (\d+) new/.exec(firstText)?.[1]);
  expect(created).toBeGreaterThan(5);
  await expect(summary).toContainText(`${created} new, 0 already imported`);

  await page.getByRole("button", { name: "Import another file" }).click();
  await page.getByLabel("CSV file", { exact: true }).setInputFiles(coinbase);
  await expect(page.getByLabel("Account")).toHaveValue("Coinbase");
  await page.getByRole("button", { name: /^Import .*\.(csv|xlsx)$/ }).click();
  await expect(page.getByTestId("import-summary")).toContainText(`0 new, ${created} already imported`);

  await page.getByRole("button", { name: "Import another file" }).click();
  await page.getByLabel("CSV file", { exact: true }).setInputFiles(path.join(FIXTURES, "broken/coinbase_bad_date.csv"));
  await page.getByRole("button", { name: /^Import .*\.(csv|xlsx)$/ }).click();
  await expect(page.getByText("Nothing from this file was stored.")).toBeVisible();
  const errors = page.getByTestId("row-errors");
  await expect(errors.locator("tbody tr").first()).toContainText("6");
  await expect(errors).toContainText("Timestamp");

  await page.goto("/transactions");
  await expect(page.getByTestId("transaction-row")).toHaveCount(Math.min(created, 50));
  await expect(page.getByText(`${created} ledger rows`)).toBeVisible();

  // Filters live in the URL; ignoring a row drops it from the default view.
  await page.getByLabel("Type").selectOption("income");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/kind=income/);
  const incomeRows = page.getByTestId("transaction-row");
  const incomeCount = await incomeRows.count();
  expect(incomeCount).toBeGreaterThan(0);
  expect(incomeCount).toBeLessThan(created);
  await incomeRows.first().getByRole("button", { name: "Ignore" }).click();
  await expect(page.getByTestId("transaction-row")).toHaveCount(incomeCount - 1);

  await page.goto("/imports");
  await expect(page.getByTestId("imports-list").locator("tbody tr")).toHaveCount(2);
});

test("an unknown layout is mapped once, and the mapping is offered for the next file with the same headers", async ({ page, user }, testInfo) => {
  void user;
  const file = testInfo.outputPath("my-exchange.csv");
  const fs = await import("node:fs");
  fs.writeFileSync(file, "When,Out Qty,Out Coin,In Qty,In Coin\n2024-01-02 10:00:00,,,0.5,ETH\n2024-02-02 10:00:00,0.1,ETH,300,USD\n");
  await page.goto("/imports");
  await page.getByLabel("CSV file", { exact: true }).setInputFiles(file);
  await expect(page.getByText("does not recognise this file")).toBeVisible();
  await page.getByLabel("Column for Date").selectOption("When");
  await page.getByLabel("Column for Sent Amount").selectOption("Out Qty");
  await page.getByLabel("Column for Sent Currency").selectOption("Out Coin");
  await page.getByLabel("Column for Received Amount").selectOption("In Qty");
  await page.getByLabel("Column for Received Currency").selectOption("In Coin");
  await page.getByRole("button", { name: "Save mapping and preview" }).click();
  await expect(page.getByTestId("import-preview").locator("tbody tr")).toHaveCount(2);
  await page.getByRole("button", { name: /^Import .*\.(csv|xlsx)$/ }).click();
  await expect(page.getByTestId("import-summary")).toContainText("2 new, 0 already imported");

  await page.getByRole("button", { name: "Import another file" }).click();
  await page.getByLabel("CSV file", { exact: true }).setInputFiles(file);
  await expect(page.getByTestId("import-preview").locator("tbody tr")).toHaveCount(2);
});

test("a binary file is refused with a clear message", async ({ page, user }, testInfo) => {
  void user;
  const file = testInfo.outputPath("export.xlsx");
  const fs = await import("node:fs");
  fs.writeFileSync(file, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]));
  await page.goto("/imports");
  await page.getByLabel("CSV file", { exact: true }).setInputFiles(file);
  await expect(page.getByRole("alert").filter({ hasText: "export.xlsx: This is a ZIP or Excel (.xlsx) file, not a CSV." })).toBeVisible();
});
