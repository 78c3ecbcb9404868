import { describe, expect, it } from "vitest";
import { assessPermissions, checkedBy } from "./bitstamp";

/** Probe results (notes, "Bitstamp": no permission report; order and withdrawal listings must answer "No permission found"). */
describe("bitstamp assessPermissions (probes)", () => {
  it("accepts when both listings were refused, and says how it was checked", () => {
    expect(assessPermissions({ trade: "denied", withdraw: "denied" })).toEqual({ readOnly: true, checkedBy });
    expect(checkedBy).toMatch(/no permission report/);
  });

  it.each([
    { report: { trade: "allowed", withdraw: "denied" }, reasons: ["The key can see open orders, so it was created with order permissions."] },
    { report: { trade: "denied", withdraw: "allowed" }, reasons: ["The key can list withdrawal requests, so it was created with withdrawal permissions."] },
    { report: { trade: "unexpected", withdraw: "unexpected" }, count: 2 },
    { report: { trade: "denied", withdraw: "maybe" }, count: 1 },
  ])("refuses $report", ({ report, reasons, count }) => {
    const r = assessPermissions(report);
    expect(r.readOnly).toBe(false);
    if (!r.readOnly) {
      if (reasons) expect(r.reasons).toEqual(reasons);
      if (count) expect(r.reasons).toHaveLength(count);
      expect(r.fix).toContain("Account balance");
    }
  });
});
