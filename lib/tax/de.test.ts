import { describe, expect, it } from "vitest";
import { computeTax } from "./engine";
import { ledger, type RowSpec } from "./testing";
import type { DeYearSummary } from "./types";

const buy = (date: string, units: string, eur: string): RowSpec => ({ date, sent: `${eur} EUR`, received: `${units} BTC` });
const sell = (date: string, units: string, eur: string): RowSpec => ({ date, sent: `${units} BTC`, received: `${eur} EUR` });

describe("Germany: one-year period (s.23 Abs.1 S.1 Nr.2 EStG; s.108 AO with ss.187(1), 188(2) BGB; tax-rules notes 3)", () => {
  it.each([
    { name: "sold on the anniversary: still within the year, taxable", sold: "2024-05-10", term: "short" },
    { name: "sold the day after: held over one year, tax-free", sold: "2024-05-11", term: "long" },
  ])("$name", ({ sold, term }) => {
    const r = computeTax(ledger([buy("2023-05-10 12:00:00", "1", "1000"), sell(`${sold} 12:00:00`, "1", "1500")]), { jurisdiction: "de" });
    expect(r.disposals.map((d) => d.term)).toEqual([term]);
  });

  it("uses the German calendar date: 23:30 UTC on 10 May is 11 May in Berlin", () => {
    const r = computeTax(ledger([buy("2023-05-10 12:00:00", "1", "1000"), sell("2024-05-10 23:30:00", "1", "1500")]), { jurisdiction: "de" });
    expect(r.disposals.map((d) => d.term)).toEqual(["long"]);
  });

  it("orders lots FIFO by default (BMF 6 March 2025)", () => {
    const r = computeTax(ledger([buy("2023-01-01 12:00:00", "1", "100"), buy("2023-02-01 12:00:00", "1", "300"), sell("2023-03-01 12:00:00", "1", "500")]), { jurisdiction: "de" });
    expect(r.disposals.map((d) => [d.rule, d.costBasis.toFixed()])).toEqual([["fifo", "100"]]);
    expect(r.settings.method).toBe("fifo");
  });
});

describe("Germany: Freigrenze (s.23 Abs.3 S.5 EStG; Wachstumschancengesetz 2024; notes 3)", () => {
  const year = (gain: string, y: number): DeYearSummary => {
    const r = computeTax(ledger([buy(`${y}-01-02 12:00:00`, "1", "1000"), sell(`${y}-03-01 12:00:00`, "1", String(1000 + Number(gain)))]), { jurisdiction: "de" });
    const s = r.summary.find((x) => x.taxYear === y);
    if (s?.jurisdiction !== "de") throw new Error("no DE summary");
    return s;
  };
  it.each([
    { name: "2023: 599 EUR is below the 600 Freigrenze: tax-free", gain: "599", y: 2023, taxable: "0" },
    { name: "2023: 600 EUR is not below it: all of it is taxable", gain: "600", y: 2023, taxable: "600" },
    { name: "2024: 999 EUR is below the 1,000 Freigrenze: tax-free", gain: "999", y: 2024, taxable: "0" },
    { name: "2024: 1,000 EUR: all of it is taxable", gain: "1000", y: 2024, taxable: "1000" },
  ])("$name", ({ gain, y, taxable }) => {
    const s = year(gain, y);
    expect(s.shortTerm.gain.toFixed()).toBe(gain);
    expect(s.taxableGain.toFixed()).toBe(taxable);
  });

  it("gains on coins held over a year are tax-free and outside the Freigrenze", () => {
    const r = computeTax(ledger([buy("2022-01-02 12:00:00", "1", "1000"), sell("2023-03-01 12:00:00", "1", "9000")]), { jurisdiction: "de" });
    const s = r.summary[0];
    if (s?.jurisdiction !== "de") throw new Error("no DE summary");
    expect([s.longTermTaxFree.gain.toFixed(), s.taxableGain.toFixed()]).toEqual(["8000", "0"]);
  });

  it("staking income below 256 EUR a year is tax-free (s.22 Nr.3 EStG)", () => {
    const r = computeTax(ledger([{ date: "2024-02-01 12:00:00", received: "0.1 ETH", worth: "255.99 EUR", label: "staking" }]), { jurisdiction: "de" });
    const s = r.summary[0];
    if (s?.jurisdiction !== "de") throw new Error("no DE summary");
    expect([s.income.toFixed(), s.taxableIncome.toFixed()]).toEqual(["255.99", "0"]);
  });
});
