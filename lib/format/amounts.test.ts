import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { formatMoney, formatQuantity } from "./amounts";
import { prng } from "@/lib/prng";

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

describe("formatQuantity reads plain decimals as text exactly as decimal.js rounds them", () => {
  // The reference: what formatQuantity did before plain strings skipped decimal.js.
  const reference = (value: string, maxFraction: number) => {
    const fixed = new Decimal(value).toDecimalPlaces(maxFraction, Decimal.ROUND_HALF_EVEN).toFixed();
    const negative = fixed.startsWith("-");
    const [intPart = "0", frac = ""] = (negative ? fixed.slice(1) : fixed).split(".");
    return `${negative ? "-" : ""}${new Intl.NumberFormat("en-US", { useGrouping: true }).format(BigInt(intPart))}${frac ? `.${frac}` : ""}`;
  };

  it.each([["0"], ["-0"], ["-0.000"], ["000.500"], ["1."], ["-1.000000001"], ["0.000000005"], ["0.000000015"], ["123456789012345678901234.5"], ["1e-7"], ["-2.5e3"], ["12.3400"]])("%s", (v) => {
    for (const max of [0, 2, 8]) expect(formatQuantity(v, max)).toBe(reference(v, max));
  });

  it("agrees on 5,000 random decimal strings", () => {
    const rnd = prng(42);
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join("");
    for (let i = 0; i < 5_000; i++) {
      const v = `${rnd() < 0.3 ? "-" : ""}${digits(1 + Math.floor(rnd() * 12))}${rnd() < 0.8 ? `.${digits(Math.floor(rnd() * 20))}` : ""}`;
      for (const max of [2, 8]) expect(formatQuantity(v, max)).toBe(reference(v, max));
    }
  });
});

describe("formatMoney agrees with rounding through decimal.js", () => {
  const reference = (value: string, currency: string, locale: string) => {
    const d = new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);
    const parts = new Intl.NumberFormat(locale, { style: "currency", currency }).formatToParts(0);
    const symbol = parts.find((p) => p.type === "currency")?.value ?? currency;
    const [i = "0", f = ""] = d.abs().toFixed(2).split(".");
    const sep = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === "decimal")?.value ?? ".";
    const body = `${new Intl.NumberFormat(locale, { useGrouping: true }).format(BigInt(i))}${sep}${f}`;
    const text = parts.findIndex((p) => p.type === "currency") < parts.findIndex((p) => p.type === "integer") ? `${symbol}${body}` : `${body} ${symbol}`;
    return d.isNegative() && !d.isZero() ? `-${text}` : text;
  };

  it("on 3,000 random amounts in three locales", () => {
    const rnd = prng(7);
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join("");
    for (let i = 0; i < 3_000; i++) {
      const v = `${rnd() < 0.3 ? "-" : ""}${digits(1 + Math.floor(rnd() * 9))}${rnd() < 0.8 ? `.${digits(Math.floor(rnd() * 6))}` : ""}`;
      for (const [c, l] of [["USD", "en-US"], ["EUR", "de-DE"], ["GBP", "en-GB"]] as const) expect(formatMoney(v, c, l)).toBe(reference(v, c, l));
    }
    for (const v of ["-0.004", "0.005", "0.015", "-0.005", "1e3", "-1.5e-3"]) expect(formatMoney(v, "USD", "en-US")).toBe(reference(v, "USD", "en-US"));
  });
});
