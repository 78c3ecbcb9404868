import { describe, expect, it } from "vitest";
import { formatMoney, formatQuantity } from "./amounts";

describe("formatQuantity", () => {
  it.each([
    ["1234567.123456789", 8, "1,234,567.12345679"],
    ["0.00000001", 8, "0.00000001"],
    ["-42", 8, "-42"],
    ["12345678901234567890.5", 2, "12,345,678,901,234,567,890.5"],
  ])("%s -> %s", (v, max, want) => {
    expect(formatQuantity(v, max)).toBe(want);
  });

  it("uses the locale's separators", () => {
    expect(formatQuantity("1234.5", 8, "de-DE")).toBe("1.234,5");
  });
});

describe("formatMoney", () => {
  it.each([
    ["1234.565", "USD", "en-US", "$1,234.56"],
    ["-120.5", "USD", "en-US", "-$120.50"],
    ["3000", "GBP", "en-GB", "£3,000.00"],
    ["1000.1", "EUR", "de-DE", "1.000,10 €"],
  ])("%s %s %s -> %s", (v, c, l, want) => {
    expect(formatMoney(v, c, l)).toBe(want);
  });
});
