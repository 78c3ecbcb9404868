import { describe, expect, it } from "vitest";
import { assessPermissions } from "./gemini";

/** Documented POST /v1/roles response (notes, "Gemini"). */
const AUDITOR = { isAuditor: true, isFundManager: false, isTrader: false };

describe("gemini assessPermissions", () => {
  it("accepts an Auditor key", () => {
    expect(assessPermissions(AUDITOR).readOnly).toBe(true);
  });

  it("ignores non-role fields such as counterparty_id", () => {
    expect(assessPermissions({ ...AUDITOR, counterparty_id: "ABCD1234" }).readOnly).toBe(true);
  });

  it.each([
    { name: "trader (Gemini's default)", r: { isAuditor: false, isFundManager: false, isTrader: true }, reasons: ["The key does not have the “Auditor” role.", "The “Trading” role is on: the key can place orders."] },
    { name: "fund manager", r: { isAuditor: false, isFundManager: true, isTrader: false }, reasons: ["The key does not have the “Auditor” role.", "The “Fund Management” role is on: the key can withdraw."] },
    { name: "missing isTrader", r: { isAuditor: true, isFundManager: false }, reasons: ["The report does not say whether the key has the “Trading” role."] },
    { name: "master key extra role", r: { ...AUDITOR, isAdministrator: true }, reasons: ["The key has a role Lotwise does not accept (isAdministrator)."] },
  ])("refuses $name", ({ r, reasons }) => {
    expect(assessPermissions(r)).toMatchObject({ readOnly: false, reasons });
  });

  it.each([null, "Auditor", [AUDITOR]])("refuses %j", (report) => {
    expect(assessPermissions(report).readOnly).toBe(false);
  });
});
