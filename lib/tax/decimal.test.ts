import Decimal from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { add, compare, D, div, isPositive, isZero, money, moneyAdd, moneyDiv, mul, Q, sub } from "./decimal";

/**
 * `add`/`sub` must be indistinguishable from decimal.js's `plus`/`minus`: same constructor, sign,
 * exponent and digit words, for any operands (exact results take the fast path, everything else
 * falls through to decimal.js).
 */

const Num = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });
const CTORS = [D, Q, Num, Decimal] as const;

const digits = fc.oneof(
  fc.stringMatching(/^[0-9]{1,25}$/),
  fc.stringMatching(/^[1-9][0-9]{20,70}$/),
  fc.constantFrom("0", "1", "5", "10", "9999999", "10000000", "99999999999999", "100000000000000"),
);
const value = fc
  .record({ sign: fc.boolean(), int: digits, frac: fc.oneof(fc.constant(""), digits), exp: fc.oneof(fc.constant(0), fc.integer({ min: -40, max: 40 })), ctor: fc.nat(CTORS.length - 1) })
  .map(({ sign, int, frac, exp, ctor }) => new (CTORS[ctor] as typeof Decimal)(`${sign ? "-" : ""}${int}${frac ? `.${frac}` : ""}e${exp}`));

const shape = (x: Decimal) => {
  const i = x as unknown as { s: number; e: number; d: number[] | null; constructor: unknown };
  return { s: i.s, e: i.e, d: i.d === null ? null : [...i.d], ctor: i.constructor };
};

describe("exact add/sub match decimal.js", () => {
  it("add = plus, sub = minus (value, constructor, representation)", () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(shape(add(a, b))).toEqual(shape(a.plus(b)));
        expect(shape(sub(a, b))).toEqual(shape(a.minus(b)));
        expect(shape(moneyAdd(a, b))).toEqual(shape(money(a).plus(b)));
        expect(compare(a, b)).toBe(a.cmp(b));
      }),
      { numRuns: 5000 },
    );
  });

  // Sums with more digits than the left operand's precision are rounded here, not by decimal.js:
  // runs of nines that round up into a new word, ties, and operands far apart.
  const longMoney = fc
    .record({ sign: fc.boolean(), body: fc.oneof(fc.stringMatching(/^[1-9][0-9]{30,45}$/), fc.stringMatching(/^9{20,45}[0-9]?$/), fc.stringMatching(/^[1-9]0{30,40}5$/)), exp: fc.integer({ min: -40, max: 40 }) })
    .map(({ sign, body, exp }) => new D(`${sign ? "-" : ""}${body}e${exp}`));
  it("rounds inexact sums and differences like decimal.js", () => {
    fc.assert(
      fc.property(longMoney, fc.oneof(longMoney, value), (a, b) => {
        expect(shape(add(a, b))).toEqual(shape(a.plus(b)));
        expect(shape(sub(a, b))).toEqual(shape(a.minus(b)));
        expect(shape(add(b, a))).toEqual(shape(b.plus(a)));
        expect(shape(moneyAdd(b, a))).toEqual(shape(money(b).plus(a)));
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ["0.1", "0.2"],
    ["9999999.9999999", "0.0000001"],
    ["1", "-1"],
    ["-5", "3"],
    ["1e-30", "1e30"],
    ["123456789012345678901234567890.123456789012345678901234567890", "0.000000000000000000000000000001"],
  ])("%s and %s", (x, y) => {
    for (const C of CTORS) {
      const a = new C(x);
      const b = new C(y);
      expect(shape(add(a, b))).toEqual(shape(a.plus(b)));
      expect(shape(sub(a, b))).toEqual(shape(a.minus(b)));
      expect(shape(sub(b, a))).toEqual(shape(b.minus(a)));
    }
  });

});

describe("mul/div match decimal.js", () => {
  it("mul = times, div = div (value, constructor, representation)", () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(shape(mul(a, b))).toEqual(shape(a.times(b)));
        if (!b.isZero()) expect(shape(div(a, b))).toEqual(shape(a.div(b)));
        if (!b.isZero()) expect(shape(moneyDiv(a, b))).toEqual(shape(money(a).div(b)));
      }),
      { numRuns: 5000 },
    );
  });

  // Ties and carries: quotients and products that end exactly on a 5 at the rounding digit, or
  // round a run of nines up into a new word.
  const tie = fc.record({ digits: fc.integer({ min: 1, max: 60 }), odd: fc.boolean(), nines: fc.boolean(), exp: fc.integer({ min: -30, max: 30 }), ctor: fc.nat(CTORS.length - 1) }).map(({ digits, odd, nines, exp, ctor }) => {
    const C = CTORS[ctor] as typeof Decimal;
    const body = nines ? "9".repeat(digits) : `1${"0".repeat(Math.max(0, digits - 2))}${odd ? "3" : "2"}`;
    return { C, text: `${body}5e${exp}` };
  });
  it("rounds ties and nines like decimal.js", () => {
    fc.assert(
      fc.property(tie, fc.constantFrom("1", "2", "0.5", "4", "8", "0.25", "3"), ({ C, text }, by) => {
        const a = new C(text);
        const two = new C(by);
        expect(shape(mul(a, two))).toEqual(shape(a.times(two)));
        expect(shape(div(a, two))).toEqual(shape(a.div(two)));
        expect(shape(mul(two, a))).toEqual(shape(two.times(a)));
        expect(shape(div(two, a))).toEqual(shape(two.div(a)));
      }),
      { numRuns: 3000 },
    );
  });

  // Divisors of up to 9 digits (a lot's units: `divSmall`) by any dividend, money-sized or not.
  const smallDivisor = fc
    .record({ sign: fc.boolean(), digits: fc.stringMatching(/^[1-9][0-9]{0,8}$/), exp: fc.integer({ min: -30, max: 30 }), ctor: fc.nat(CTORS.length - 1) })
    .map(({ sign, digits, exp, ctor }) => new (CTORS[ctor] as typeof Decimal)(`${sign ? "-" : ""}${digits}e${exp}`));
  it("div by small divisors = div (value, constructor, representation)", () => {
    fc.assert(
      fc.property(value, smallDivisor, (a, b) => {
        expect(shape(div(a, b))).toEqual(shape(a.div(b)));
        expect(shape(moneyDiv(a, b))).toEqual(shape(money(a).div(b)));
      }),
      { numRuns: 10000 },
    );
  });

  it.each([
    ["1", "3"],
    ["2", "3"],
    ["1", "899999999"],
    ["1", "900000000"],
    ["1234.5678901234567890123456789012345", "0.91469097"],
    ["7", "0.00000001"],
    ["1234.56", "1.23456789"],
    ["99999999999999999999999999999999999", "1"],
    ["0.0000001", "7"],
    ["5", "0.0000000000000000000000000000000001"],
    ["123456789.123456789", "-0.000123"],
  ])("%s and %s", (x, y) => {
    for (const C of CTORS) {
      const a = new C(x);
      const b = new C(y);
      expect(shape(mul(a, b))).toEqual(shape(a.times(b)));
      expect(shape(div(a, b))).toEqual(shape(a.div(b)));
      expect(shape(div(b, a))).toEqual(shape(b.div(a)));
    }
  });
});

describe("isZero/isPositive read the internals as decimal.js's methods do", () => {
  it.each(["0", "-0", "1", "-1", "0.000001", "-1e-30", "NaN", "Infinity", "-Infinity"])("%s", (text) => {
    for (const Ctor of CTORS) {
      const x = new (Ctor as typeof Decimal)(text);
      expect(isZero(x)).toBe(x.isZero());
      expect(isPositive(x)).toBe(!x.isZero() && !x.isNeg());
    }
  });

  it("any finite value", () => {
    fc.assert(
      fc.property(value, (x) => {
        expect(isZero(x)).toBe(x.isZero());
        expect(isPositive(x)).toBe(!x.isZero() && !x.isNeg());
      }),
      { numRuns: 2000 },
    );
  });
});
