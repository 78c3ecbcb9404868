import { describe, expect, it } from "vitest";
import type { TaxWarning } from "../tax/types";
import { groupWarnings, pairCandidates } from "./warnings-centre";

const w = (code: TaxWarning["code"], account: string, at: string, asset = "BTC", entries = [`${account}-${at}`]): TaxWarning => ({ code, message: code, entries, asset, account, at: new Date(at), taxYear: 2024 });

describe("warnings centre", () => {
  it("groups by code in order of consequence and keeps only codes present", () => {
    const groups = groupWarnings([w("missing-price", "A", "2024-01-01"), w("unmatched-withdrawal", "A", "2024-01-02"), w("missing-price", "B", "2024-01-03")]);
    expect(groups.map((g) => [g.code, g.warnings.length])).toEqual([
      ["unmatched-withdrawal", 1],
      ["missing-price", 2],
    ]);
    expect(groups[0]?.fix).toBe("pair-transfer");
  });

  it("offers deposits of the same asset in other accounts within 30 days, closest first", () => {
    const out = w("unmatched-withdrawal", "Gemini", "2024-02-11T14:00:00Z");
    const all = [
      out,
      w("unmatched-deposit", "Bybit", "2024-02-18T21:00:00Z"),
      w("unmatched-deposit", "Kraken", "2024-02-12T00:00:00Z"),
      w("unmatched-deposit", "Gemini", "2024-02-12T00:00:00Z"), // same account
      w("unmatched-deposit", "Kraken", "2024-04-01T00:00:00Z"), // too late
      w("unmatched-deposit", "Kraken", "2024-02-01T00:00:00Z"), // before
      w("unmatched-deposit", "Kraken", "2024-02-13T00:00:00Z", "ETH"), // other asset
    ];
    expect(pairCandidates(out, all).map((c) => `${c.account ?? ""}${c.at?.toISOString().slice(0, 10) ?? ""}`)).toEqual(["Kraken2024-02-12", "Bybit2024-02-18"]);
  });

  it("offers withdrawals for an unmatched deposit, looking back", () => {
    const dep = w("unmatched-deposit", "Bybit", "2024-02-18T21:00:00Z");
    const all = [dep, w("unmatched-withdrawal", "Gemini", "2024-02-11T14:00:00Z"), w("unmatched-withdrawal", "Gemini", "2024-02-20T00:00:00Z")];
    expect(pairCandidates(dep, all).map((c) => c.at?.toISOString().slice(0, 10))).toEqual(["2024-02-11"]);
  });
});
