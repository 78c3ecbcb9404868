import { describe, expect, it } from "vitest";
import { computeTax } from "./engine";
import { disposalsCsv, resultJsonText, toResultJson } from "./result-json";
import { ledger } from "./testing";

const rows = [
  { date: "2024-01-01 10:00:00", sent: "100 USD", received: "0.000000000000000001 ETH" },
  { date: "2024-01-02 10:00:00", sent: "0.000000000000000001 ETH", received: "1 USD", description: 'says "hi", twice' },
  { date: "2024-01-03 10:00:00", received: "1 ETH", worth: "2000 USD", label: "staking", account: "Wallet, cold" },
];

describe("result JSON (the CLI's --format json)", () => {
  it("starts with disposals, income, totals, warnings; every number a plain decimal string", () => {
    const json = toResultJson(computeTax(ledger(rows), { jurisdiction: "us" })) as Record<string, unknown>;
    expect(Object.keys(json).slice(0, 4)).toEqual(["disposals", "income", "totals", "warnings"]);
    const [d] = json.disposals as Record<string, unknown>[];
    expect(Object.keys(d ?? {}).slice(0, 11)).toEqual(["asset", "amount", "acquiredAt", "disposedAt", "proceeds", "costBasis", "gain", "term", "rule", "account", "lots"]);
    expect(d).toMatchObject({ asset: "ETH", amount: "0.000000000000000001", proceeds: "1", costBasis: "100", gain: "-99", term: "short", rule: "fifo" });
    expect(json.totals).toEqual({ proceeds: "1", costBasis: "100", gain: "-99", shortTermGain: "-99", longTermGain: "0", income: "2000" });
    expect((json.income as Record<string, unknown>[])[0]).toMatchObject({ asset: "ETH", amount: "1", value: "2000", type: "staking", receivedAt: "2024-01-03T10:00:00.000Z" });
    const text = resultJsonText(computeTax(ledger(rows), { jurisdiction: "us" }));
    expect(text).not.toMatch(/"-?[\d.]+[eE][-+]?\d+"/);
    expect(text).not.toMatch(/": -?\d/); // no bare JSON numbers
  });

  it("is byte-identical for the same input", () => {
    expect(resultJsonText(computeTax(ledger(rows), { jurisdiction: "uk" }))).toBe(resultJsonText(computeTax(ledger(rows), { jurisdiction: "uk" })));
  });

  it("writes disposals as RFC 4180 CSV", () => {
    const csv = disposalsCsv(computeTax(ledger([...rows, { date: "2024-02-01 10:00:00", sent: "0.5 ETH", received: "900 USD", account: "Wallet, cold" }]), { jurisdiction: "us" }));
    const lines = csv.trimEnd().split("\n");
    expect(lines[0]).toBe("asset,amount,acquiredAt,disposedAt,proceeds,costBasis,gain,term,rule,account,lots,taxYear,kind,disposalId,basisMissing,priceMissing");
    expect(lines[2]).toContain(',"Wallet, cold",');
  });
});
