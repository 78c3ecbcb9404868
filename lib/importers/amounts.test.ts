import { describe, expect, it } from "vitest";
import { parseAmountWithAsset, parseDecimal } from "./amounts";

describe("parseDecimal", () => {
  it.each([
    ["1234.5", "1234.5"],
    ["-0.1", "-0.1"],
    ["$1,234.50", "1234.5"],
    ["-$241.80", "-241.8"],
    ["$-241.80", "-241.8"],
    ["€3.00", "3"],
    ["£0.99", "0.99"],
    ["(1,000.00)", "-1000"],
    ["($2.08)", "-2.08"],
    ["-3.605E-05", "-0.00003605"],
    ["4.76E-06", "0.00000476"],
    [" 193.02779901061902311 ", "193.02779901061902311"],
    [".5", "0.5"],
    ["+7", "7"],
  ])("%s → %s", (raw, want) => {
    expect(parseDecimal(raw)?.toFixed()).toBe(want);
  });

  it.each(["", "N/A", "abc", "1,23.4", "12,3456", "1.2.3", "$", "-", "1e", "0x10", "1 000", "--1", "NaN", "Infinity"])("rejects %j", (raw) => {
    expect(parseDecimal(raw)).toBeNull();
  });

  it("keeps every digit of an 18-decimal amount through sums", () => {
    const a = parseDecimal("123456789.123456789012345678");
    const b = parseDecimal("0.000000000000000001");
    expect(a?.plus(b ?? 0).toFixed()).toBe("123456789.123456789012345679");
  });
});

describe("parseAmountWithAsset", () => {
  it.each([
    ["0.00470000BTC", [], "0.0047", "BTC"],
    ["1,103.50000000USDT", [], "1103.5", "USDT"],
    ["2214.01 EUR", [], "2214.01", "EUR"],
    ["1.00000000 ETH", [], "1", "ETH"],
    ["0.51INCH", ["1INCH", "USDT"], "0.5", "1INCH"],
    ["0.51INCH", [], "0.51", "INCH"],
  ])("%s", (raw, expected, amount, asset) => {
    const r = parseAmountWithAsset(raw, expected);
    expect(r && { amount: r.amount.toFixed(), asset: r.asset }).toEqual({ amount, asset });
  });

  it.each(["abcETH", "ETH", "", "1.5", "N/A"])("rejects %j", (raw) => {
    expect(parseAmountWithAsset(raw, ["ETH"])).toBeNull();
  });
});
