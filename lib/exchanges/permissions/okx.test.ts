import { describe, expect, it } from "vitest";
import { assessPermissions } from "./okx";

/** Documented GET /api/v5/account/config response (notes, "OKX"). */
function report(perm: unknown) {
  return {
    code: "0",
    msg: "",
    data: [
      {
        uid: "44705892343619584",
        mainUid: "44705892343619584",
        acctLv: "2",
        posMode: "net_mode",
        autoLoan: false,
        greeksType: "PA",
        level: "Lv1",
        levelTmp: "",
        ctIsoMode: "automatic",
        mgnIsoMode: "automatic",
        roleType: "0",
        spotRoleType: "0",
        opAuth: "0",
        kycLv: "3",
        label: "lotwise-readonly",
        ip: "",
        perm,
      },
    ],
  };
}

describe("okx assessPermissions", () => {
  it("accepts perm read_only", () => {
    expect(assessPermissions(report("read_only")).readOnly).toBe(true);
  });

  it.each([
    { perm: "read_only,trade", reasons: ["“Trade” is on."] },
    { perm: "read_only,withdraw", reasons: ["“Withdraw” is on."] },
    { perm: "read_only, trade ,withdraw", reasons: ["“Trade” is on.", "“Withdraw” is on."] },
    { perm: "trade", reasons: ["The key does not have the “Read” permission.", "“Trade” is on."] },
    { perm: "read_only,copy_trading", reasons: ["The key has a permission Lotwise does not recognise (copy_trading)."] },
  ])("refuses perm $perm", ({ perm, reasons }) => {
    expect(assessPermissions(report(perm))).toMatchObject({ readOnly: false, reasons });
  });

  it.each([
    { name: "missing perm", value: report(undefined) },
    { name: "perm as array", value: report(["read_only"]) },
    { name: "error envelope", value: { code: "50111", msg: "Invalid OK-ACCESS-KEY", data: [] } },
    { name: "empty data", value: { code: "0", msg: "", data: [] } },
    { name: "not an object", value: "read_only" },
  ])("refuses $name", ({ value }) => {
    expect(assessPermissions(value).readOnly).toBe(false);
  });
});
