import { describe, expect, it } from "vitest";
import { dec, Q } from "../decimal";
import { moneyToBig, QTY_SCALE, toBig } from "../fixed";
import type { Holder } from "../holdings";
import type { Lot } from "../lots";
import { METHODS } from "./index";

const holder = { book: { scale: QTY_SCALE } } as Holder;
function lot(id: string, ms: number, units: string, basis: string): Lot {
  const remaining = toBig(new Q(units), QTY_SCALE) as bigint;
  const cost = moneyToBig(dec(basis));
  return { id, externalId: id, account: "a", acquiredAt: new Date(ms), kind: "buy", acquiredMs: ms, acquiredDay: 0, longAfterDay: 365, seq: ms, remaining, basis: cost, unitBasis: cost, unitUnits: remaining, basisMissing: false, holder };
}

function drain(method: keyof typeof METHODS, lots: Lot[]): string[] {
  const pool = METHODS[method].createPool();
  for (const l of lots) pool.add(l);
  const out: string[] = [];
  for (let next = pool.peek(); next; next = pool.peek()) {
    out.push(next.id);
    next.remaining = 0n;
    pool.pop();
  }
  return out;
}

describe("lot methods as plug-ins (tax-rules notes 1.3)", () => {
  const lots = () => [lot("b", 2, "1", "300"), lot("a", 1, "1", "100"), lot("c", 3, "2", "400"), lot("d", 4, "1", "250")];
  it.each([
    { method: "fifo" as const, order: ["a", "b", "c", "d"] },
    { method: "lifo" as const, order: ["d", "c", "b", "a"] },
    // unit costs: a 100, b 300, c 200, d 250
    { method: "hifo" as const, order: ["b", "d", "c", "a"] },
    { method: "specific" as const, order: ["a", "b", "c", "d"] },
  ])("$method uses lots in order $order", ({ method, order }) => {
    expect(drain(method, lots())).toEqual(order);
  });

  it("skips lots emptied by a specific pick", () => {
    const ls = lots();
    const pool = METHODS.fifo.createPool();
    for (const l of ls) pool.add(l);
    (ls[1] as Lot).remaining = 0n; // "a" picked away
    expect(pool.peek()?.id).toBe("b");
  });
});

describe("a FIFO pool that has dropped its consumed prefix", () => {
  it("keeps the live lots in acquisition order, inserts moved-in lots in place and gives them back", () => {
    const pool = METHODS.fifo.createPool();
    const all = Array.from({ length: 300 }, (_, i) => lot(`l${i}`, 10 * i, "1", "1"));
    for (const l of all) pool.add(l);
    // Consume 200 (the prefix is dropped along the way), then move in an older part.
    for (let k = 0; k < 200; k++) {
      const next = pool.peek() as Lot;
      expect(next.id).toBe(`l${k}`);
      next.remaining = 0n;
      pool.pop();
    }
    pool.add(lot("moved", 10 * 250 + 5, "1", "1"));
    const ids = pool.items().map((l) => l.id);
    expect(ids).toEqual([...Array.from({ length: 51 }, (_, i) => `l${200 + i}`), "moved", ...Array.from({ length: 49 }, (_, i) => `l${251 + i}`)]);
    expect(pool.lots().length).toBe(101);
    const copy = METHODS.fifo.createPool();
    copy.load(pool.items());
    expect(copy.peek()?.id).toBe("l200");
  });
});
