import { describe, expect, it } from "vitest";
import { parsePriceCsv } from "./price-csv";

const table = (text: string) => {
  const out = parsePriceCsv(text);
  if (!out.ok) throw new Error(JSON.stringify(out.issues));
  return out.table;
};

describe("price CSV (Date, Asset, Currency, Price)", () => {
  const t = table("Date,Asset,Currency,Price\n2024-03-01,BNB,USD,400\n2024-03-03,BNB,USD,420.5\n2024-03-03 18:00:00,BNB,USD,430\nEUR,EUR,USD,1.08\n".replace("EUR,EUR", "2024-03-01,EUR"));
  it.each([
    { at: "2024-03-01T12:00:00Z", price: "400", source: "manual price file (2024-03-01)" },
    { at: "2024-03-02T23:59:59Z", price: "400", source: "manual price file (2024-03-01)" },
    { at: "2024-03-03T12:00:00Z", price: "420.5", source: "manual price file (2024-03-03)" },
    { at: "2024-03-03T19:00:00Z", price: "430", source: "manual price file (2024-03-03)" },
  ])("uses the nearest earlier-or-same-day price at $at", ({ at, price, source }) => {
    const q = t.lookup("bnb", "usd", new Date(at));
    expect([q?.price.toFixed(), q?.source]).toEqual([price, source]);
  });

  it("has nothing before the first price, or for another pair", () => {
    expect(t.lookup("BNB", "USD", new Date("2024-02-29T23:00:00Z"))).toBeNull();
    expect(t.lookup("BNB", "EUR", new Date("2024-03-05T00:00:00Z"))).toBeNull();
    expect(t.lookup("EUR", "USD", new Date("2024-03-05T00:00:00Z"))?.price.toFixed()).toBe("1.08");
  });

  it("uses a same-day price recorded later in the day over an earlier day's", () => {
    const u = table("Date,Asset,Currency,Price\n2024-03-01,ETH,USD,3000\n2024-03-02 20:00:00,ETH,USD,3100\n");
    expect(u.lookup("ETH", "USD", new Date("2024-03-02T10:00:00Z"))?.price.toFixed()).toBe("3100");
  });

  it("refuses bad rows naming line and column", () => {
    const out = parsePriceCsv("Date,Asset,Currency,Price\n2024-03-01,BNB,USD,400\n2024-13-01,BNB,USD,x\n");
    expect(out.ok ? [] : out.issues.map((i) => [i.line, i.column])).toEqual([
      [3, "Date"],
      [3, "Price"],
    ]);
    expect(parsePriceCsv("Date,Asset,Price\n").ok).toBe(false);
  });
});
