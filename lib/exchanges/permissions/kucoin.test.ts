import { describe, expect, it } from "vitest";
import { assessPermissions } from "./kucoin";

/** Documented GET /api/v1/user/api-key response (notes, "KuCoin"). */
function report(permission: unknown) {
  return {
    code: "200000",
    data: { remark: "lotwise", apiKey: "670c42f1a24b1b0001a5c7e0", apiVersion: 3, permission, ipWhitelist: "", createdAt: 1728905969000, uid: 123456789, isMaster: true },
  };
}

describe("kucoin assessPermissions", () => {
  it("accepts General only", () => {
    expect(assessPermissions(report("General")).readOnly).toBe(true);
  });

  it.each([
    {
      permission: "General,Spot,Margin,Futures,Earn,InnerTransfer,Transfer",
      reasons: ["“Spot Trading” is on.", "“Margin Trading” is on.", "“Futures Trading” is on.", "“Earn” is on.", "“Inner transfer” is on.", "“Transfer (withdrawals)” is on."],
    },
    { permission: "General, Spot", reasons: ["“Spot Trading” is on."] },
    { permission: "Spot", reasons: ["The key does not have the “General” (read) permission.", "“Spot Trading” is on."] },
    { permission: "General,Copytrading", reasons: ["The key has a permission Lotwise does not recognise (Copytrading)."] },
  ])("refuses $permission", ({ permission, reasons }) => {
    expect(assessPermissions(report(permission))).toMatchObject({ readOnly: false, reasons });
  });

  it.each([
    { name: "missing permission", value: report(undefined) },
    { name: "error envelope", value: { code: "400003", msg: "KC-API-KEY not exists" } },
    { name: "array permission", value: report(["General"]) },
  ])("refuses $name", ({ value }) => {
    expect(assessPermissions(value).readOnly).toBe(false);
  });
});
