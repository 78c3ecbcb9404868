import { describe, expect, it } from "vitest";
import Decimal from "decimal.js";
import fc from "fast-check";
import { ledgerEntry, type LedgerEntry } from "./types";
import { ledger, type RowSpec } from "../tax/testing";
import { isTransferIn, isTransferOut, matchTransfers, type TransferMatchOptions } from "./transfers";

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
  it("keeps a marked pair when its withdrawal's tx hash is also on another deposit", () => {
    const w = ledgerEntry({ externalId: "w", time: new Date("2024-01-01T00:00:00Z"), account: "A", kind: "withdrawal", sentAsset: "BTC", sentAmount: new Decimal("1"), txHash: "0xab", transferId: "t1" });
    const marked = ledgerEntry({ externalId: "d1", time: new Date("2024-01-03T00:00:00Z"), account: "B", kind: "deposit", receivedAsset: "BTC", receivedAmount: new Decimal("1"), transferId: "t1" });
    const sameHash = ledgerEntry({ externalId: "d2", time: new Date("2024-01-01T00:10:00Z"), account: "C", kind: "deposit", receivedAsset: "BTC", receivedAmount: new Decimal("1"), txHash: "0xab" });
    const m = matchTransfers([w, marked, sameHash]);
    expect(m.pairs).toEqual([{ withdrawal: 0, deposit: 1, by: "marked" }]);
    expect([...m.partner]).toEqual([1, 0, -1]);
    expect(m.unmatchedDeposits).toEqual([2]);
  });
  it("never pairs an entry without a valid time (the engine skips it)", () => {
    const w = ledgerEntry({ externalId: "w", time: new Date("2024-01-01T00:00:00Z"), account: "A", kind: "withdrawal", sentAsset: "BTC", sentAmount: new Decimal("1"), txHash: "0xab" });
    const d = ledgerEntry({ externalId: "d", time: new Date(Number.NaN), account: "B", kind: "deposit", receivedAsset: "BTC", receivedAmount: new Decimal("1"), txHash: "0xab" });
    const m = matchTransfers([w, d]);
    expect(m.pairs).toEqual([]);
    expect(m.unmatchedWithdrawals).toEqual([0]);
    expect(m.unmatchedDeposits).toEqual([]);
  });
  it("does not pair a marked pair whose assets differ", () => {
    const w = ledgerEntry({ externalId: "w", time: new Date("2024-01-01T00:00:00Z"), account: "A", kind: "withdrawal", sentAsset: "BTC", sentAmount: new Decimal("1"), transferId: "t1" });
    const d = ledgerEntry({ externalId: "d", time: new Date("2024-01-01T01:00:00Z"), account: "B", kind: "deposit", receivedAsset: "ETH", receivedAmount: new Decimal("1"), transferId: "t1" });
    expect(matchTransfers([w, d]).pairs).toEqual([]);
  });
});

/** The rules in their plainest form, quadratic: what `matchTransfers` must agree with on any ledger. */
function reference(entries: LedgerEntry[], opts: TransferMatchOptions = {}) {
  const windowMs = (opts.windowHours ?? 48) * 3_600_000;
  const tolerance = new Decimal(opts.relativeTolerance ?? "0.05");
  const before = (a: number, b: number): number => {
    const [ea, eb] = [entries[a] as LedgerEntry, entries[b] as LedgerEntry];
    return ea.time.getTime() - eb.time.getTime() || (ea.externalId < eb.externalId ? -1 : ea.externalId > eb.externalId ? 1 : a - b);
  };
  const hash = (raw: string | null) => (raw === null || raw === "" ? null : /[A-Z\s]/.test(raw) ? raw.trim().toLowerCase() || null : raw);
  const all = entries.map((_, i) => i);
  const outs = all.filter((i) => isTransferOut(entries[i] as LedgerEntry));
  const ins = all.filter((i) => isTransferIn(entries[i] as LedgerEntry));
  const partner = new Map<number, number>();
  const how = new Map<number, string>();
  const pairs: { withdrawal: number; deposit: number; by: string }[] = [];
  const pair = (w: number, d: number, by: string) => {
    partner.set(w, d).set(d, w);
    how.set(w, by).set(d, by);
    pairs.push({ withdrawal: w, deposit: d, by });
  };
  const e = (i: number) => entries[i] as LedgerEntry;
  const free = (i: number) => !partner.has(i);
  // Marked: the last withdrawal (in input order) carrying the id.
  for (const d of ins) {
    const w = outs.findLast((i) => e(d).transferId && e(i).transferId === e(d).transferId);
    if (w !== undefined && free(w) && e(w).sentAsset === e(d).receivedAsset) pair(w, d, "marked");
  }
  // Tx hash: every withdrawal with a hash not paired by hand.
  for (const w of [...outs].sort(before).filter(free)) {
    const h = hash(e(w).txHash);
    const d = [...ins].sort(before).find((d) => h !== null && hash(e(d).txHash) === h && e(d).receivedAsset === e(w).sentAsset && free(d) && e(d).account !== e(w).account);
    if (d !== undefined) pair(w, d, "tx-hash");
  }
  for (const w of [...outs].sort(before).filter(free)) {
    const we = e(w);
    const fee = we.feeAsset === we.sentAsset && we.feeAmount ? we.feeAmount : new Decimal(0);
    const out = (we.sentAmount as Decimal).plus(fee);
    const d = [...ins].sort(before).find((d) => {
      const de = e(d);
      const dt = de.time.getTime() - we.time.getTime();
      const got = de.receivedAmount as Decimal;
      return free(d) && de.receivedAsset === we.sentAsset && de.account !== we.account && dt >= 0 && dt <= windowMs && got.lte(out) && out.minus(got).lte(Decimal.max((we.sentAmount as Decimal).times(tolerance), fee));
    });
    if (d !== undefined) pair(w, d, "amount-and-time");
  }
  return {
    pairs: pairs.sort((a, b) => before(a.withdrawal, b.withdrawal)),
    partner: entries.map((_, i) => partner.get(i) ?? -1),
    matchedBy: entries.map((_, i) => how.get(i) ?? null),
    unmatchedWithdrawals: [...outs].sort(before).filter(free),
    unmatchedDeposits: [...ins].sort(before).filter(free),
  };
}

describe("matchTransfers agrees with the plain rules", () => {
  const row = fc.record({
    kind: fc.constantFrom("withdrawal", "deposit", "withdrawal", "deposit", "trade"),
    asset: fc.constantFrom("BTC", "ETH", "USD"),
    amount: fc.constantFrom("0", "-1", "0.5", "0.96", "1", "1.0005", "2"),
    fee: fc.constantFrom(null, "0.0005", "0.1"),
    feeInAsset: fc.boolean(),
    hour: fc.integer({ min: 0, max: 80 }),
    externalId: fc.constantFrom("a", "b", "c", "d"),
    account: fc.constantFrom("A", "B", "C"),
    hash: fc.constantFrom(null, "", " ", "0xab", "0xAB", " 0xab\t", "0xcd", "Äb", "äb", "0x a"),
    transferId: fc.constantFrom(null, null, null, "t1", "t2"),
  });
  it("on small random ledgers (ties, mixed-case hashes, marks, fees)", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), fc.constantFrom(undefined, 1, 48), (rows, windowHours) => {
        const entries = rows.map((r) => {
          const amount = new Decimal(r.amount);
          const side = r.kind === "deposit" ? { receivedAsset: r.asset, receivedAmount: amount } : { sentAsset: r.asset, sentAmount: amount };
          const fee = r.fee === null ? {} : { feeAsset: r.feeInAsset ? r.asset : "ETH", feeAmount: new Decimal(r.fee) };
          const time = new Date(Date.UTC(2024, 0, 1) + r.hour * 3_600_000);
          return ledgerEntry({ externalId: r.externalId, time, account: r.account, kind: r.kind, txHash: r.hash, transferId: r.transferId, ...side, ...fee });
        });
        const opts = windowHours === undefined ? {} : { windowHours };
        const m = matchTransfers(entries, opts);
        expect({ ...m, partner: [...m.partner], matchedBy: entries.map((_, i) => m.matchedBy(i)) }).toEqual(reference(entries, opts));
      }),
      { numRuns: 3000 },
    );
  });
});
