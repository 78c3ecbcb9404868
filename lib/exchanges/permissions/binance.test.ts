import { describe, expect, it } from "vitest";
import { assessPermissions } from "./binance";

/** Documented example, https://developers.binance.com/docs/wallet/account/api-key-permission (notes, "Binance"). */
const DOCUMENTED = {
  ipRestrict: false,
  createTime: 1698645219000,
  enableReading: true,
  enableWithdrawals: false,
  enableInternalTransfer: false,
  enableMargin: false,
  enableFutures: false,
  permitsUniversalTransfer: false,
  enableVanillaOptions: false,
  enableFixApiTrade: false,
  enableFixReadOnly: true,
  enableSpotAndMarginTrading: false,
  enablePortfolioMarginTrading: false,
};

describe("binance assessPermissions", () => {
  it("accepts the documented read-only report", () => {
    expect(assessPermissions(DOCUMENTED)).toEqual({ readOnly: true, checkedBy: expect.stringContaining("apiRestrictions") });
  });

  it("ignores tradingAuthorityExpirationTime and ipRestrict", () => {
    expect(assessPermissions({ ...DOCUMENTED, ipRestrict: true, tradingAuthorityExpirationTime: 1700000000000 }).readOnly).toBe(true);
  });

  it.each([
    { name: "spot trading", patch: { enableSpotAndMarginTrading: true }, reason: "“Enable Spot & Margin Trading” is on." },
    { name: "withdrawals", patch: { enableWithdrawals: true }, reason: "“Enable Withdrawals” is on." },
    { name: "universal transfer", patch: { permitsUniversalTransfer: true }, reason: "“Permits Universal Transfer” is on." },
    { name: "internal transfer", patch: { enableInternalTransfer: true }, reason: "“Enable Internal Transfer” is on." },
    { name: "margin", patch: { enableMargin: true }, reason: "“Enable Margin Loan, Repay & Transfer” is on." },
    { name: "futures", patch: { enableFutures: true }, reason: "“Enable Futures” is on." },
    { name: "options", patch: { enableVanillaOptions: true }, reason: "“Enable European Options” is on." },
    { name: "FIX trading", patch: { enableFixApiTrade: true }, reason: "“FIX API trading” is on." },
    { name: "portfolio margin", patch: { enablePortfolioMarginTrading: true }, reason: "“Enable Portfolio Margin Trading” is on." },
    { name: "reading off", patch: { enableReading: false }, reason: "“Enable Reading” is not on, so Lotwise cannot read your history with this key." },
    { name: "a new unknown enable flag", patch: { enableSomethingNew: true }, reason: "The key has a permission Lotwise does not recognise (enableSomethingNew)." },
    { name: "a flag as a string", patch: { enableWithdrawals: "false" }, reason: "The report does not say whether “Enable Withdrawals” is on." },
  ])("refuses $name", ({ patch, reason }) => {
    const r = assessPermissions({ ...DOCUMENTED, ...patch });
    expect(r.readOnly).toBe(false);
    if (!r.readOnly) {
      expect(r.reasons).toEqual([reason]);
      expect(r.fix).toContain("Enable Reading");
    }
  });

  it("refuses a report with a missing flag", () => {
    const { enableWithdrawals: _omit, ...rest } = DOCUMENTED;
    const r = assessPermissions(rest);
    expect(r.readOnly).toBe(false);
  });

  it.each([null, undefined, "ok", [], 42])("refuses %j", (report) => {
    expect(assessPermissions(report).readOnly).toBe(false);
  });

  it("lists every problem, not just the first", () => {
    const r = assessPermissions({ ...DOCUMENTED, enableWithdrawals: true, enableSpotAndMarginTrading: true });
    expect(!r.readOnly && r.reasons.length).toBe(2);
  });
});
