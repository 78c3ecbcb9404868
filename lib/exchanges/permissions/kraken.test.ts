import { describe, expect, it } from "vitest";
import { assessPermissions } from "./kraken";

/** Probe results (notes, "Kraken": AddOrder validate=true and WithdrawMethods must answer EGeneral:Permission denied). */
describe("kraken assessPermissions (probes)", () => {
  it("accepts when both probes were refused", () => {
    expect(assessPermissions({ trade: "denied", withdraw: "denied" })).toEqual({ readOnly: true, checkedBy: expect.stringContaining("validate=true") });
  });

  it.each([
    { report: { trade: "allowed", withdraw: "denied" }, reasons: ["The key can create orders (“Create & modify orders” is on)."] },
    { report: { trade: "denied", withdraw: "allowed" }, reasons: ["The key can withdraw (“Withdraw” is on)."] },
    {
      report: { trade: "unexpected", withdraw: "denied" },
      reasons: ["Kraken did not refuse the test order with “Permission denied”, so the key may be able to trade."],
    },
    { report: { trade: "denied" }, reasons: ["Kraken did not refuse the withdrawal-method check with “Permission denied”, so the key may be able to withdraw."] },
  ])("refuses $report", ({ report, reasons }) => {
    expect(assessPermissions(report)).toMatchObject({ readOnly: false, reasons });
  });

  it("refuses garbage", () => {
    expect(assessPermissions(undefined).readOnly).toBe(false);
  });
});
