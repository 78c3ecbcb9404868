import fs from "node:fs";
import { PDFDocument } from "pdf-lib";
import { expect, test } from "./fixtures";

const LEDGER = [
  "Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Label,Description,TxHash,Account",
  "2024-01-10 10:00:00,10000,USD,0.5,BTC,,,,,,Bought BTC,,Exchange",
  "2024-03-15 10:00:00,0.2,BTC,14000,USD,,,,,,Sold some BTC,,Exchange",
  "2024-06-01 00:00:00,,,0.1,ETH,,,380,USD,staking,Reward,,Exchange",
].join("\n");

test("download every report; the 8949 PDF carries the sale and the engine's totals", async ({ page, user }, testInfo) => {
  void user;
  const file = testInfo.outputPath("ledger.csv");
  fs.writeFileSync(file, `${LEDGER}\n`);
  await page.goto("/imports");
  await page.getByLabel("CSV file", { exact: true }).setInputFiles(file);
  await expect(page.getByTestId("detected-format")).toContainText(/universal/i);
  await page.getByRole("button", { name: /^Import .*\.(csv|xlsx)$/ }).click();
  await expect(page.getByTestId("import-summary")).toContainText("3 new");

  await page.goto("/reports?year=2024");
  await expect(page.getByLabel("Tax year")).toHaveValue("2024");
  await expect(page.getByTestId("total-gain")).toHaveText("$10,000.00");
  await expect(page.getByTestId("method-comparison")).toContainText("HIFO");

  const links = page.getByTestId("report-downloads").getByRole("link");
  const count = await links.count();
  expect(count).toBeGreaterThanOrEqual(8);
  for (let i = 0; i < count; i++) {
    const [download] = await Promise.all([page.waitForEvent("download"), links.nth(i).click()]);
    const path = await download.path();
    expect(fs.statSync(path).size, download.suggestedFilename()).toBeGreaterThan(40);
    if (download.suggestedFilename().endsWith(".pdf")) expect(fs.readFileSync(path).subarray(0, 5).toString()).toBe("%PDF-");
    if (download.suggestedFilename().startsWith("form-8949") && download.suggestedFilename().endsWith(".pdf")) {
      const pdf = await PDFDocument.load(fs.readFileSync(path));
      const values = pdf
        .getForm()
        .getFields()
        .map((f) => ("getText" in f ? ((f as { getText(): string | undefined }).getText() ?? "") : ""))
        .filter(Boolean);
      const text = values.join(" | ");
      expect(text).toContain("0.2 BTC");
      expect(text).toMatch(/14,?000\.00/);
      expect(text).toMatch(/10,?000\.00/);
      expect(text).toContain("03/15/2024");
    }
  }

  await page.getByRole("button", { name: "Mark this version as filed" }).click();
  await expect(page.getByTestId("filed-diff")).toContainText("Nothing has changed since.");
});
