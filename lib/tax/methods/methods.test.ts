import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { dec, QZERO } from "../decimal";
import type { Holder } from "../holdings";
import type { Lot } from "../lots";
import { METHODS } from "./index";

const holder = {} as Holder;
function lot(id: string, ms: number, units: string, basis: string): Lot {
  return { id, externalId: id, account: "a", acquiredAt: new Date(ms), kind: "buy", acquiredMs: ms, acquiredDay: 0, longAfterDay: 365, seq: ms, remaining: new Decimal(units), basis: dec(basis), unitCost: null, basisMissing: false, holder };
}

function drain(method: keyof typeof METHODS, lots: Lot[]): string[] {
  const pool = METHODS[method].createPool();
  for (const l of lots) pool.add(l);
  const out: string[] = [];
  for (let next = pool.peek(); next; next = pool.peek()) {
    out.push(next.id);
    next.remaining = QZERO;
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
    (ls[1] as Lot).remaining = QZERO; // "a" picked away
    expect(pool.peek()?.id).toBe("b");
  });
});
