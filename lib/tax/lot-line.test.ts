import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import type { LedgerEntry } from "../ledger/types";
import { D, Q } from "./decimal";
import { LineStore, LotLine, type LineFacts } from "./lot-line";
import type { DisposalKind, MethodId, Term } from "./types";

/** Lines are columns in a store; a `LotLine` must read back exactly what the engine gave it. */

const entry = (externalId: string, account: string, iso: string): LedgerEntry => ({ externalId, account, time: new Date(iso) }) as LedgerEntry;

describe("LotLine", () => {
  it("reads back every fact, figure and piece it was stored with", () => {
    const store = new LineStore();
    const sold = entry("s1", "Kraken", "2024-05-01T10:00:00Z");
    const lotA = entry("a1", "Kraken", "2023-02-01T00:00:00Z");
    const lotB = entry("b1", "Ledger", "2022-07-09T00:00:00Z");
    const holder = { asset: "BTC", account: "Kraken" };
    const kinds: DisposalKind[] = ["sale", "trade", "spend", "gift", "fee", "transfer-fee"];
    const rules: MethodId[] = ["fifo", "lifo", "hifo", "specific"];
    const lines: { line: LotLine; f: LineFacts }[] = [];
    let n = 0;
    for (const kind of kinds) {
      for (const rule of rules) {
        for (const term of ["short", "long"] as Term[]) {
          const f: LineFacts = { id: `s1:${n}`, kind, holder, at: sold.time, term, rule, basisMissing: n % 3 === 0, priceMissing: n % 5 === 0, taxYear: 2000 + n };
          const i = store.line(sold, [], new Q("0.5"), new D("101.25"), new D(n), f, 1);
          store.piece(lotA, new Q("0.2"), new D("40"), false);
          store.piece(lotB, new Q("0.3"), new D(n), n % 2 === 0);
          lines.push({ line: new LotLine(store, i), f });
          n++;
        }
      }
    }
    lines.forEach(({ line, f }, k) => {
      expect([line.disposalId, line.kind, line.rule, line.term, line.basisMissing, line.priceMissing, line.taxYear]).toEqual([f.id, f.kind, f.rule, f.term, f.basisMissing, f.priceMissing, f.taxYear]);
      expect([line.asset, line.account, line.disposedAt, line.entries]).toEqual(["BTC", "Kraken", sold.time, ["s1"]]);
      // The earliest lot (piece 1 here) gives the acquisition date: the same Date object.
      expect(line.acquiredAt).toBe(lotB.time);
      expect([line.amount.toFixed(), line.proceeds.toFixed(), line.costBasis.toFixed(), line.gain.toFixed()]).toEqual(["0.5", "101.25", String(k), new Decimal("101.25").minus(k).toFixed()]);
      expect(line.lots.map((l) => [l.id, l.account, l.acquiredAt, l.amount.toFixed(), l.costBasis.toFixed(), l.basisMissing])).toEqual([
        ["a1", "Kraken", lotA.time, "0.2", "40", false],
        ["b1", "Ledger", lotB.time, "0.3", String(k), k % 2 === 0],
      ]);
    });
  });

  it("has no acquisition date without pieces, and serialises every field in the interface's order", () => {
    const store = new LineStore();
    const sold = entry("s2", "Coinbase", "2024-01-01T00:00:00Z");
    const i = store.line(sold, [], new Q("1"), new D("10"), new D("0"), { id: "s2:fee", kind: "fee", holder: { asset: "ETH", account: "Coinbase" }, at: sold.time, term: "short", rule: "fifo", basisMissing: true, priceMissing: false, taxYear: 2024 }, -1);
    const line = new LotLine(store, i);
    expect(line.acquiredAt).toBeNull();
    expect(line.lots).toEqual([]);
    expect(Object.keys(line.toJSON())).toEqual(["disposalId", "entries", "kind", "asset", "amount", "account", "acquiredAt", "disposedAt", "proceeds", "costBasis", "gain", "term", "rule", "lots", "prices", "basisMissing", "priceMissing", "taxYear"]);
  });
});
