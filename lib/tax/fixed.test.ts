import Decimal from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { D, Q } from "./decimal";
import { MoneyColumn, UnitColumn } from "./decimal-column";
import { computeTax } from "./engine";
import { decimalPlaces, fromBig, MONEY_SCALE, moneyToBig, mulDivHalfEven, toBig } from "./fixed";
import { ledger } from "./testing";

const Wide = Decimal.clone({ precision: 200 });
const internals = (x: Decimal) => x as unknown as { s: number; e: number; d: number[] };

/** `digits` x 10^-scale written out, the way a ledger writes it. */
function text(digits: bigint, scale: number): string {
  const neg = digits < 0n;
  const s = (neg ? -digits : digits).toString().padStart(scale + 1, "0");
  return `${neg ? "-" : ""}${scale === 0 ? s : `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`}`;
}

describe("exact fixed point (fixed.ts)", () => {
  const value = fc.tuple(fc.bigInt({ min: -(10n ** 45n), max: 10n ** 45n }), fc.integer({ min: 0, max: 44 }), fc.constantFrom(Q, D));

  it("fromBig gives decimal.js's own value and representation, of the constructor asked for", () => {
    fc.assert(
      fc.property(value, ([v, scale, ctor]) => {
        const want = new ctor(text(v, scale));
        const got = fromBig(v, scale, ctor);
        expect(got.constructor).toBe(want.constructor);
        if (v === 0n) {
          expect(got.isZero()).toBe(true);
          return;
        }
        expect([internals(got).s, internals(got).e, internals(got).d]).toEqual([internals(want).s, internals(want).e, internals(want).d]);
      }),
      { numRuns: 3000 },
    );
  });

  it("toBig reads a value back in any scale that holds it, and refuses one that does not", () => {
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 10 }), ([v, scale, ctor], extra) => {
        const x = new ctor(text(v, scale));
        expect(toBig(x, scale + extra)).toBe(v * 10n ** BigInt(extra));
        const dp = decimalPlaces(x);
        expect(dp).toBe(x.decimalPlaces());
        if (dp > 0) expect(toBig(x, dp - 1)).toBeNull();
      }),
      { numRuns: 3000 },
    );
  });

  it("mulDivHalfEven rounds a x b / c half to even, like decimal.js", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.bigInt({ min: 1n, max: 10n ** 20n }), (a, b, c) => {
        const want = new Wide(a.toString()).times(b.toString()).div(c.toString()).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN);
        expect(mulDivHalfEven(a, b, c).toString()).toBe(want.toFixed());
      }),
      { numRuns: 3000 },
    );
    expect([mulDivHalfEven(5n, 1n, 2n), mulDivHalfEven(7n, 1n, 2n), mulDivHalfEven(-5n, 1n, 2n)]).toEqual([2n, 4n, -2n]);
  });

  it("moneyToBig is exact to MONEY_SCALE places and rounds half to even beyond", () => {
    expect(moneyToBig(new D("796.02"))).toBe(79602n * 10n ** BigInt(MONEY_SCALE - 2));
    const long = new D(`0.${"0".repeat(MONEY_SCALE - 1)}25`);
    expect(moneyToBig(long)).toBe(2n);
    expect(moneyToBig(new D(`0.${"0".repeat(MONEY_SCALE - 1)}35`))).toBe(4n);
  });

  it("columns give back every value pushed, large and negative ones included", () => {
    const values = [0n, 1n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 64n - 1n, 2n ** 64n, 2n ** 127n - 1n, 2n ** 127n, -7n, -(2n ** 200n)];
    const money = new MoneyColumn();
    const units = new UnitColumn();
    for (let r = 0; r < 5000; r++) {
      for (const v of values) {
        money.push(v);
        units.push(v);
      }
    }
    for (let i = 0; i < 5000 * values.length; i++) {
      expect(money.get(i)).toBe(values[i % values.length]);
      expect(units.get(i)).toBe(values[i % values.length]);
    }
  });
});

describe("the lot engine's units follow the ledger's finest amount", () => {
  it("a finer amount later rescales the lots already held, exactly", () => {
    const r = computeTax(
      ledger([
        { date: "2024-01-01 10:00:00", sent: "100 USD", received: "1.5 BTC" },
        { date: "2024-02-01 10:00:00", sent: "30 USD", received: "0.000000000000000000001 BTC" },
        { date: "2024-03-01 10:00:00", sent: "1.500000000000000000001 BTC", received: "300 USD" },
      ]),
      { jurisdiction: "us" },
    );
    expect(r.disposals.map((d) => [d.amount.toFixed(), d.costBasis.toFixed(), d.lots.map((l) => l.amount.toFixed())])).toEqual([["1.500000000000000000001", "130", ["1.5", "0.000000000000000000001"]]]);
    expect(r.openLots).toEqual([]);
  });
});
