import Decimal from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { D, Q, QZERO } from "./decimal";
import { ExactSum } from "./exact-sum";

/** `ExactSum` must give what the chain `QZERO.plus(x1).plus(x2)…` gives: constructor, sign, exponent, words. */

const Num = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });
const CTORS = [D, Q, Num, Decimal] as const;

const digits = fc.oneof(
  fc.stringMatching(/^[0-9]{1,20}$/),
  fc.stringMatching(/^[1-9][0-9]{20,40}$/),
  fc.constantFrom("0", "1", "5", "9999999", "10000000", "99999999999999", "100000000000000"),
);
/** Money-like terms (a few digits around the point) and anything else: huge, tiny, long. */
const term = fc.oneof(
  fc.record({ sign: fc.boolean(), cents: fc.bigInt({ min: 0n, max: 10n ** 12n }) }).map(({ sign, cents }) => new D(`${sign ? "-" : ""}${cents}e-2`)),
  fc
    .record({ sign: fc.boolean(), int: digits, frac: fc.oneof(fc.constant(""), digits), exp: fc.oneof(fc.constant(0), fc.integer({ min: -60, max: 60 }), fc.integer({ min: -600, max: 600 })), ctor: fc.nat(CTORS.length - 1) })
    .map(({ sign, int, frac, exp, ctor }) => new (CTORS[ctor] as typeof Decimal)(`${sign ? "-" : ""}${int}${frac ? `.${frac}` : ""}e${exp}`)),
);

const shape = (x: Decimal) => {
  const i = x as unknown as { s: number; e: number; d: number[] | null; constructor: unknown };
  return { s: i.s, e: i.e, d: i.d === null ? null : [...i.d], ctor: i.constructor, text: x.toString() };
};

function chain(terms: readonly Decimal[]): Decimal {
  let acc: Decimal = QZERO;
  for (const t of terms) acc = acc.plus(t);
  return acc;
}

function summed(terms: readonly Decimal[]): Decimal {
  const s = new ExactSum();
  for (const t of terms) s.add(t);
  return s.value();
}

describe("ExactSum equals the Decimal chain", () => {
  it("for any terms (exact range, and past it into decimal.js)", () => {
    fc.assert(
      fc.property(fc.array(term, { maxLength: 40 }), (terms) => {
        expect(shape(summed(terms))).toEqual(shape(chain(terms)));
      }),
      { numRuns: 3000 },
    );
  });

  it("for money with many decimal places, including totals that cancel and go negative", () => {
    const money = fc.record({ sign: fc.boolean(), digits: fc.stringMatching(/^[1-9][0-9]{0,33}$/), scale: fc.integer({ min: 0, max: 34 }) }).map(({ sign, digits, scale }) => new D(`${sign ? "-" : ""}${digits}e-${scale}`));
    fc.assert(
      fc.property(fc.array(money, { maxLength: 60 }), (terms) => {
        const withNegations = [...terms, ...terms.slice(0, terms.length >> 1).map((t) => t.neg())];
        expect(shape(summed(withNegations))).toEqual(shape(chain(withNegations)));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ["nothing", []],
    ["zeros", ["0", "-0", "0"]],
    ["cancelling", ["1.5", "-1.5"]],
    ["negative", ["1", "-3.25"]],
    ["carries", ["9999999.9999999", "0.0000001", "9999999999999999999999"]],
    ["60 digits then more", ["1e40", "1e-19", "1e-20"]],
    ["huge and tiny", ["1e500", "1e-500"]],
  ])("%s", (_, values) => {
    const terms = (values as string[]).map((v) => new D(v));
    expect(shape(summed(terms))).toEqual(shape(chain(terms)));
  });

  it("keeps decimal.js's sign of zero when zeros meet a negative-zero start (-0 - 0 is +0, -0 + -0 is -0)", () => {
    for (const [x, minus] of [[new D(0), true], [new D(-0), false], [new D(-0), true], [new D(0), false]] as const) {
      const s = new ExactSum(new D(-0));
      if (minus) s.sub(x);
      else s.add(x);
      const acc = minus ? new D(-0).minus(x) : new D(-0).plus(x);
      expect(s.isNeg()).toBe(acc.isNeg());
      expect(shape(s.value())).toEqual(shape(acc));
    }
  });

  it("for a chain from any start, adding and subtracting, with its sign at every step", () => {
    fc.assert(
      fc.property(term, fc.array(fc.tuple(term, fc.boolean()), { maxLength: 40 }), (start, steps) => {
        const s = new ExactSum(start);
        let acc: Decimal = start;
        expect(s.isNeg()).toBe(acc.isNeg());
        for (const [t, minus] of steps) {
          if (minus) s.sub(t);
          else s.add(t);
          acc = minus ? acc.minus(t) : acc.plus(t);
          expect(s.isNeg()).toBe(acc.isNeg());
        }
        expect(shape(s.value())).toEqual(shape(acc));
      }),
      { numRuns: 3000 },
    );
  });

  it("for balances: quantities in and out, often back to zero", () => {
    const units = fc.record({ n: fc.bigInt({ min: 1n, max: 10n ** 14n }), scale: fc.integer({ min: 0, max: 18 }) }).map(({ n, scale }) => new Q(`${n}e-${scale}`));
    fc.assert(
      fc.property(fc.array(units, { maxLength: 30 }), (ins) => {
        const s = new ExactSum();
        let acc: Decimal = QZERO;
        for (const u of ins) {
          s.add(u);
          acc = acc.plus(u);
        }
        for (const u of [...ins].reverse()) {
          s.sub(u);
          acc = acc.minus(u);
          expect(s.isNeg()).toBe(acc.isNeg());
          expect(shape(s.value())).toEqual(shape(acc));
        }
        s.sub(new Q("1e-30"));
        acc = acc.minus(new Q("1e-30"));
        expect(s.isNeg()).toBe(true);
        expect(shape(s.value())).toEqual(shape(acc));
      }),
      { numRuns: 1000 },
    );
  });

  it("carries through more than a million terms", () => {
    const s = new ExactSum();
    let acc: Decimal = QZERO;
    const t = new D("9999999.9999999");
    for (let k = 0; k < (1 << 20) + 5; k++) s.add(t);
    acc = t.times((1 << 20) + 5).plus(QZERO);
    expect(s.value().toString()).toBe(acc.toString());
    expect(s.value().constructor).toBe(Q);
  });
});
