import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { changesFromRows, type LedgerChanges } from "./changes";
import { rowTouches, spliceLedger, type IdentifiedEntries } from "./splice";
import { ledgerEntry, type LedgerEntry } from "./types";

interface Row {
  id: string;
  entry: LedgerEntry;
}

const ASSETS = ["BTC", "ETH", "SOL", "USD"];
const rowArb = fc.record({
  id: fc.stringMatching(/^[a-z0-9]{1,4}$/),
  day: fc.integer({ min: 0, max: 20 }),
  sent: fc.option(fc.constantFrom(...ASSETS)),
  received: fc.option(fc.constantFrom(...ASSETS)),
  fee: fc.option(fc.constantFrom(...ASSETS)),
  note: fc.string({ maxLength: 3 }),
});
type RowSpec = typeof rowArb extends fc.Arbitrary<infer T> ? T : never;

const toRow = (r: RowSpec): Row => ({
  id: r.id,
  entry: ledgerEntry({ externalId: r.id, time: new Date(Date.UTC(2024, 0, 1 + r.day)), account: "A", kind: "trade", sentAsset: r.sent, receivedAsset: r.received, feeAsset: r.fee, description: r.note }),
});

/** What the database returns: rows with unique ids, ordered by time then id (byte-wise). */
function table(rows: Row[]): IdentifiedEntries {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const sorted = [...byId.values()].sort((a, b) => a.entry.time.getTime() - b.entry.time.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ids: sorted.map((r) => r.id), entries: sorted.map((r) => r.entry) };
}

describe("spliceLedger", () => {
  it("equals reloading the whole ledger, for any edit whose changes are recorded as the write paths record them", () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 40 }), fc.array(rowArb, { maxLength: 10 }), fc.array(fc.nat(), { maxLength: 10 }), fc.array(fc.tuple(fc.nat(), rowArb), { maxLength: 5 }), (base, added, removed, edited) => {
        const before = table(base.map(toRow));
        const rows = new Map(before.ids.map((id, i) => [id, { id, entry: before.entries[i] as LedgerEntry }]));
        const changes: LedgerChanges = new Map();
        const ids = [...rows.keys()];
        // Deletes and edits record the row as it was (lib/db/ledger-changes changesOfRows, read before
        // the write), edits and inserts the row as it is now.
        for (const k of removed) {
          const id = ids[k % Math.max(1, ids.length)];
          const row = id === undefined ? undefined : rows.get(id);
          if (!row) continue;
          changesFromRows([row.entry], changes);
          rows.delete(row.id);
        }
        for (const [k, spec] of edited) {
          const id = ids[k % Math.max(1, ids.length)];
          const row = id === undefined ? undefined : rows.get(id);
          if (!row) continue;
          const now = toRow({ ...spec, id: row.id });
          changesFromRows([row.entry, now.entry], changes);
          rows.set(row.id, now);
        }
        for (const spec of added) {
          if (rows.has(spec.id)) continue;
          const r = toRow(spec);
          changesFromRows([r.entry], changes);
          rows.set(r.id, r);
        }
        const after = table([...rows.values()]);
        const reloaded = { ids: after.ids.filter((_, i) => rowTouches(after.entries[i] as LedgerEntry, changes)), entries: after.entries.filter((e) => rowTouches(e, changes)) };
        const spliced = spliceLedger(before, reloaded, changes);
        expect(spliced.ids).toEqual(after.ids);
        expect(spliced.entries).toEqual(after.entries);
      }),
      { numRuns: 400 },
    );
  });

  it("refuses a change to every asset (the caller reloads everything)", () => {
    expect(() => spliceLedger({ ids: [], entries: [] }, { ids: [], entries: [] }, new Map([["*", new Date(0)]]))).toThrow(RangeError);
  });
});
