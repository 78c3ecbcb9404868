import { describe, expect, it } from "vitest";
import { entry, ukLedger } from "./__fixtures__/ledgers";
import { compareMethods } from "./method-comparison";

/** Two BTC lots at 10,000 and 30,000 in two accounts, then a sale of 1 BTC for 40,000 from the first. */
const ledger = (year: number) => [
  entry("b1", `${year}-01-05T00:00:00Z`, "buy", ["10000", "USD"], ["1", "BTC"], { account: "A" }),
  entry("b2", `${year}-02-05T00:00:00Z`, "buy", ["30000", "USD"], ["1", "BTC"], { account: "B" }),
  entry("b3", `${year}-02-06T00:00:00Z`, "buy", ["20000", "USD"], ["1", "BTC"], { account: "A" }),
  entry("s1", `${year}-06-05T00:00:00Z`, "sell", ["1", "BTC"], ["40000", "USD"], { account: "A" }),
];

describe("compareMethods", () => {
  it("US 2025: FIFO, HIFO, LIFO, each per account (the rule) and universal (for comparison)", () => {
    const rows = compareMethods(ledger(2025), { jurisdiction: "us", method: "fifo" }, 2025);
    expect(rows.map((r) => [r.label, r.allowed, r.current, r.gain.toString()])).toEqual([
      ["FIFO per account", true, true, "30000"],
      ["FIFO universal", false, false, "30000"],
      ["HIFO per account", true, false, "20000"],
      // Universal HIFO may take account B's 30,000 lot for a sale in account A.
      ["HIFO universal", false, false, "10000"],
      ["LIFO per account", true, false, "20000"],
      ["LIFO universal", false, false, "20000"],
    ]);
    expect(rows[1]?.note).toMatch(/Treas\. Reg\. 1\.1012-1\(j\)/);
    expect(rows[2]?.note).toMatch(/standing specific-identification rule/);
  });

  it("US 2024: one universal run per method", () => {
    const rows = compareMethods(ledger(2024), { jurisdiction: "us" }, 2024);
    expect(rows.map((r) => [r.label, r.lotScope, r.current, r.gain.toString(), r.shortTermGain.toString()])).toEqual([
      ["FIFO", "auto", true, "30000", "30000"],
      ["HIFO", "auto", false, "10000", "10000"],
      ["LIFO", "auto", false, "20000", "20000"],
    ]);
  });

  it("DE: FIFO and LIFO only, with the taxable gain after the Freigrenze", () => {
    const rows = compareMethods(ledger(2024), { jurisdiction: "de", currency: "USD" }, 2024);
    expect(rows.map((r) => r.label)).toEqual(["FIFO", "LIFO"]);
    expect(rows[0]?.taxableGain?.toString()).toBe("30000");
  });

  it("UK: one row, HMRC matching", () => {
    const rows = compareMethods(ukLedger(), { jurisdiction: "uk" }, 2024);
    expect(rows.map((r) => [r.label, r.gain.toString(), r.taxableGain?.toString()])).toEqual([["HMRC matching (same day, 30 days, s104)", "4000", "1000"]]);
  });
});
