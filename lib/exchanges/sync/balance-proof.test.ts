import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { ledgerEntry, type LedgerEntry } from "../../ledger/types";
import { compareBalances, impliedBalances } from "./balance-proof";

const d = (s: string) => new Decimal(s);
function entry(p: Partial<LedgerEntry>): LedgerEntry {
  return ledgerEntry({
    externalId: "x",
    time: new Date(0),
    account: "a",
    kind: "trade",
    ...p,
  });
}
const asStrings = (m: Map<string, Decimal>) => Object.fromEntries([...m].map(([k, v]) => [k, v.toFixed()]));

describe("impliedBalances", () => {
  it("is received − sent − fee per asset", () => {
    const entries = [
      entry({ kind: "deposit", receivedAsset: "USDT", receivedAmount: d("1000") }),
      entry({ kind: "trade", sentAsset: "USDT", sentAmount: d("600.1"), receivedAsset: "BTC", receivedAmount: d("0.02"), feeAsset: "USDT", feeAmount: d("0.6001") }),
      entry({ kind: "withdrawal", sentAsset: "BTC", sentAmount: d("0.01"), feeAsset: "BTC", feeAmount: d("0.0001") }),
      entry({ kind: "income", receivedAsset: "ETH", receivedAmount: d("0.000000000000000001"), label: "staking" }),
    ];
    expect(asStrings(impliedBalances(entries))).toEqual({ USDT: "399.2999", BTC: "0.0099", ETH: "0.000000000000000001" });
  });
});

describe("compareBalances", () => {
  it("lists each differing asset with its size, counting a missing side as zero", () => {
    const reported = new Map([
      ["BTC", d("1.5")],
      ["ETH", d("2")],
      ["SOL", d("3")],
    ]);
    const implied = new Map([
      ["BTC", d("1.5")],
      ["ETH", d("2.25")],
      ["USD", d("10")],
    ]);
    expect(compareBalances(reported, implied).map((x) => [x.asset, x.reported.toFixed(), x.implied.toFixed(), x.difference.toFixed()])).toEqual([
      ["ETH", "2", "2.25", "-0.25"],
      ["SOL", "3", "0", "3"],
      ["USD", "0", "10", "-10"],
    ]);
  });

  it("ignores differences within the tolerance", () => {
    expect(compareBalances(new Map([["BTC", d("1.00000001")]]), new Map([["BTC", d("1")]]), "0.00000001")).toEqual([]);
  });
});
