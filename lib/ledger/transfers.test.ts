import { describe, expect, it } from "vitest";
import Decimal from "decimal.js";
import { ledgerEntry } from "./types";
import { ledger, type RowSpec } from "../tax/testing";
import { matchTransfers } from "./transfers";

const out = (date: string, amount: string, account: string, extra: Partial<RowSpec> = {}): RowSpec => ({ date, sent: `${amount} BTC`, account, ...extra });
const into = (date: string, amount: string, account: string, extra: Partial<RowSpec> = {}): RowSpec => ({ date, received: `${amount} BTC`, account, ...extra });

function pairs(rows: RowSpec[], opts = {}) {
  const entries = ledger(rows);
  const m = matchTransfers(entries, opts);
  return { pairs: m.pairs.map((p) => [p.withdrawal, p.deposit, p.by]), unmatchedWithdrawals: m.unmatchedWithdrawals, unmatchedDeposits: m.unmatchedDeposits };
}

describe("pairing transfers between own accounts (tax-rules notes 5)", () => {
  it.each([
    { name: "same tx hash, any order of times", rows: [into("2024-01-01 09:00:00", "1", "B", { hash: "0xA" }), out("2024-01-01 10:00:00", "1", "A", { hash: "0xa" })], want: [[1, 0, "tx-hash"]] },
    { name: "received within the stated fee", rows: [out("2024-01-01 10:00:00", "1", "A", { fee: "0.001 BTC" }), into("2024-01-01 11:00:00", "1", "B")], want: [[0, 1, "amount-and-time"]] },
    { name: "received less than sent, within 5%", rows: [out("2024-01-01 10:00:00", "1", "A"), into("2024-01-02 09:00:00", "0.96", "B")], want: [[0, 1, "amount-and-time"]] },
    { name: "too far apart (over 48 h)", rows: [out("2024-01-01 10:00:00", "1", "A"), into("2024-01-03 10:00:01", "1", "B")], want: [] },
    { name: "deposit before the withdrawal, no hash", rows: [into("2024-01-01 09:00:00", "1", "B"), out("2024-01-01 10:00:00", "1", "A")], want: [] },
    { name: "received more than sent", rows: [out("2024-01-01 10:00:00", "1", "A"), into("2024-01-01 11:00:00", "1.1", "B")], want: [] },
    { name: "shortfall beyond the tolerance", rows: [out("2024-01-01 10:00:00", "1", "A"), into("2024-01-01 11:00:00", "0.9", "B")], want: [] },
    { name: "same account is not a transfer", rows: [out("2024-01-01 10:00:00", "1", "A", { hash: "0x1" }), into("2024-01-01 11:00:00", "1", "A", { hash: "0x1" })], want: [] },
  ])("$name", ({ rows, want }) => {
    expect(pairs(rows).pairs).toEqual(want);
  });

  it("pairs each withdrawal with the earliest fitting deposit and reports the rest", () => {
    const r = pairs([out("2024-01-01 10:00:00", "1", "A"), into("2024-01-01 12:00:00", "1", "B"), into("2024-01-01 11:00:00", "1", "C"), out("2024-01-05 10:00:00", "2", "A")]);
    expect(r.pairs).toEqual([[0, 2, "amount-and-time"]]);
    expect(r.unmatchedWithdrawals).toEqual([3]);
    expect(r.unmatchedDeposits).toEqual([1]);
  });

  it("takes the window and tolerance as options", () => {
    const rows = [out("2024-01-01 10:00:00", "1", "A"), into("2024-01-04 10:00:00", "0.9", "B")];
    expect(pairs(rows, { windowHours: 96, relativeTolerance: "0.2" }).pairs).toEqual([[0, 1, "amount-and-time"]]);
  });
});

describe("transfers the user marked", () => {
  it("pairs a withdrawal and deposit sharing a transferId even when amounts and times are far apart", () => {
    const w = ledgerEntry({ externalId: "w", time: new Date("2024-01-01T00:00:00Z"), account: "A", kind: "withdrawal", sentAsset: "BTC", sentAmount: new Decimal("1"), transferId: "t1" });
    const d = ledgerEntry({ externalId: "d", time: new Date("2024-02-20T00:00:00Z"), account: "B", kind: "deposit", receivedAsset: "BTC", receivedAmount: new Decimal("0.5"), transferId: "t1" });
    const m = matchTransfers([w, d]);
    expect(m.pairs).toEqual([{ withdrawal: 0, deposit: 1, by: "marked" }]);
    expect(m.matchedBy(1)).toBe("marked");
    expect(matchTransfers([w, { ...d, transferId: null }]).pairs).toEqual([]);
  });
  it("does not pair a marked pair whose assets differ", () => {
    const w = ledgerEntry({ externalId: "w", time: new Date("2024-01-01T00:00:00Z"), account: "A", kind: "withdrawal", sentAsset: "BTC", sentAmount: new Decimal("1"), transferId: "t1" });
    const d = ledgerEntry({ externalId: "d", time: new Date("2024-01-01T01:00:00Z"), account: "B", kind: "deposit", receivedAsset: "ETH", receivedAmount: new Decimal("1"), transferId: "t1" });
    expect(matchTransfers([w, d]).pairs).toEqual([]);
  });
});
