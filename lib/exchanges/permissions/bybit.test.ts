import { describe, expect, it } from "vitest";
import { assessPermissions } from "./bybit";

type Perms = Record<string, string[]>;

/** Documented GET /v5/user/query-api response (notes, "Bybit"). */
function report(readOnly: unknown, permissions: Perms | unknown = {}) {
  return {
    retCode: 0,
    retMsg: "",
    result: {
      id: "13770661",
      note: "lotwise",
      apiKey: "XXXXXXXXXXXXXXXXXX",
      readOnly,
      secret: "",
      permissions: {
        ContractTrade: [],
        Spot: [],
        Wallet: ["AccountTransfer"],
        Options: [],
        Derivatives: [],
        Exchange: ["ExchangeHistory"],
        Earn: [],
        FiatP2P: [],
        FiatBybitPay: [],
        FiatConvertBroker: [],
        BlockTrade: [],
        Affiliate: [],
        ...(permissions as Perms),
      },
      ips: ["*"],
      type: 1,
      deadlineDay: 83,
      expiredAt: "2026-02-15T08:21:30Z",
      createdAt: "2025-11-17T08:21:30Z",
      unified: 0,
      uta: 1,
      userID: 24600000,
      inviterID: 0,
      vipLevel: "No VIP",
      mktMakerLevel: "0",
      affiliateID: 0,
      rsaPublicKey: "",
      isMaster: true,
      parentUid: "0",
      kycLevel: "LEVEL_DEFAULT",
      kycRegion: "",
    },
    retExtInfo: {},
    time: 1763369000000,
  };
}

describe("bybit assessPermissions", () => {
  it("accepts the documented read-only key (AccountTransfer and ExchangeHistory are inert on it)", () => {
    expect(assessPermissions(report(1)).readOnly).toBe(true);
  });

  it.each([
    { name: "read-write", r: report(0), reasons: ["The key is “Read-Write”."] },
    { name: "withdraw even if readOnly", r: report(1, { Wallet: ["AccountTransfer", "Withdraw"] }), reasons: ["“Wallet: Withdrawal” is on."] },
    { name: "spot trade", r: report(0, { Spot: ["SpotTrade"] }), reasons: ["The key is “Read-Write”.", "“SPOT: Trade” is on."] },
    { name: "contract orders", r: report(1, { ContractTrade: ["Order", "Position"] }), reasons: ["“Contract: Orders” is on.", "“Contract: Positions” is on."] },
    { name: "unknown scope", r: report(1, { Earn: ["Earn"] }), reasons: ["The key has a permission Lotwise does not accept (Earn: Earn)."] },
    { name: "readOnly as string", r: report("1"), reasons: ["The report does not say whether the key is read-only."] },
    { name: "scope list not an array", r: report(1, { Spot: "SpotTrade" }), reasons: ["The report's “Spot” permissions could not be read."] },
  ])("refuses $name", ({ r, reasons }) => {
    expect(assessPermissions(r)).toMatchObject({ readOnly: false, reasons });
  });

  it.each([
    { name: "error envelope", value: { retCode: 10003, retMsg: "API key is invalid.", result: {} } },
    { name: "no permissions", value: { retCode: 0, result: { readOnly: 1 } } },
    { name: "no readOnly", value: { retCode: 0, result: { permissions: {} } } },
  ])("refuses $name", ({ value }) => {
    expect(assessPermissions(value).readOnly).toBe(false);
  });
});
