import { describe, expect, it } from "vitest";
import { assessPermissions } from "./coinbase";

/** Schema GetApiKeyPermissionsResponse (notes, "Coinbase"). */
const DOCUMENTED = { can_view: true, can_trade: false, can_transfer: false, portfolio_uuid: "8f4e3c2a-0000-4000-8000-000000000000", portfolio_type: "DEFAULT" };

describe("coinbase assessPermissions", () => {
  it("accepts a view-only key", () => {
    expect(assessPermissions(DOCUMENTED).readOnly).toBe(true);
  });

  it.each([
    { name: "trade", patch: { can_trade: true }, reasons: ["“Trade” is on: the key can place orders."] },
    { name: "transfer", patch: { can_transfer: true }, reasons: ["“Transfer” is on: the key can send funds out."] },
    { name: "no view", patch: { can_view: false }, reasons: ["“View” is off, so Lotwise cannot read your history with this key."] },
    { name: "missing can_transfer", patch: { can_transfer: undefined }, reasons: ["The report does not say whether the key has “Transfer”."] },
    { name: "string boolean", patch: { can_trade: "false" }, reasons: ["The report does not say whether the key has “Trade”."] },
  ])("refuses $name", ({ patch, reasons }) => {
    const r = assessPermissions({ ...DOCUMENTED, ...patch });
    expect(r).toMatchObject({ readOnly: false, reasons });
  });

  it.each([null, "x", [DOCUMENTED]])("refuses %j", (report) => {
    expect(assessPermissions(report).readOnly).toBe(false);
  });
});
