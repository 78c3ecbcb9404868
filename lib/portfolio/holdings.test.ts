import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { gainByRule, holdingsFrom, incomeByType } from "./holdings";
import type { DisposalLine, IncomeEvent, OpenLot } from "../tax/types";

const lot = (asset: string, account: string, amount: string, basis: string, date: string | null): OpenLot => ({
  id: `${asset}-${account}-${date}`,
  asset,
  account,
  externalId: null,
  acquiredAt: date ? new Date(date) : null,
  amount: new Decimal(amount),
  costBasis: new Decimal(basis),
  basisMissing: date === null,
});

describe("holdingsFrom", () => {
  it("sums lots per asset and account and weights the acquisition date by quantity", () => {
    const h = holdingsFrom({
      openLots: [lot("BTC", "Kraken", "1", "20000", "2024-01-01T00:00:00Z"), lot("BTC", "Ledger", "3", "90000", "2024-01-05T00:00:00Z"), lot("ETH", "Kraken", "2", "4000", null), lot("SOL", "Kraken", "0", "0", null)],
    });
    expect(h.map((x) => x.asset)).toEqual(["BTC", "ETH"]);
    const btc = h[0]!;
    expect(btc.quantity.toFixed()).toBe("4");
    expect(btc.costBasis.toFixed()).toBe("110000");
    expect(btc.averageAcquiredAt?.toISOString()).toBe("2024-01-04T00:00:00.000Z");
    expect(btc.accounts.map((a) => [a.account, a.quantity.toFixed()])).toEqual([
      ["Kraken", "1"],
      ["Ledger", "3"],
    ]);
    expect(h[1]?.basisMissing).toBe(true);
    expect(h[1]?.averageAcquiredAt).toBeNull();
  });
});

describe("year breakdowns", () => {
  it("sums income by type and UK gains by rule for one tax year only", () => {
    const inc = (type: string, value: string, taxYear: number) => ({ type, value: new Decimal(value), taxYear }) as IncomeEvent;
    expect(incomeByType({ income: [inc("staking", "10.5", 2024), inc("staking", "1", 2024), inc("airdrop", "3", 2024), inc("staking", "99", 2023)] }, 2024).map((r) => [r.type, r.value.toFixed(), r.events])).toEqual([
      ["airdrop", "3", 1],
      ["staking", "11.5", 2],
    ]);
    const d = (rule: string, gain: string, taxYear: number) => ({ rule, gain: new Decimal(gain), taxYear }) as DisposalLine;
    expect(gainByRule({ disposals: [d("same-day", "5", 2024), d("s104", "-2", 2024), d("s104", "7", 2024), d("s104", "100", 2023)] }, 2024).map((r) => [r.rule, r.gain.toFixed()])).toEqual([
      ["s104", "5"],
      ["same-day", "5"],
    ]);
  });
});
