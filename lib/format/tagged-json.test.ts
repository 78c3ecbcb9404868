import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { decodeTagged, encodeTagged } from "./tagged-json";

describe("tagged JSON", () => {
  it("round-trips Decimals exactly and Dates as instants, nested in arrays and objects", () => {
    const value = {
      amount: new Decimal("0.000000000000000001"),
      big: new Decimal("123456789012345678901234567890.123456789012345678"),
      neg: new Decimal("-1e-30"),
      at: new Date("2024-02-29T12:34:56.789Z"),
      none: null,
      lots: [{ basis: new Decimal("10.5"), when: new Date(0) }],
      text: "plain",
      fn: () => 1,
    };
    const back = decodeTagged<typeof value>(encodeTagged(value));
    expect(back.amount.eq("0.000000000000000001")).toBe(true);
    expect(back.big.toFixed()).toBe("123456789012345678901234567890.123456789012345678");
    expect(back.neg.eq("-1e-30")).toBe(true);
    expect(back.at.toISOString()).toBe("2024-02-29T12:34:56.789Z");
    expect(back.lots[0]?.basis.plus("0.25").toFixed()).toBe("10.75");
    expect(back.lots[0]?.when.getTime()).toBe(0);
    expect(back.none).toBeNull();
    expect(back.text).toBe("plain");
    expect("fn" in back).toBe(false);
  });

  it("keeps ordinary objects that merely have a $d key among others", () => {
    expect(decodeTagged(encodeTagged({ x: { $d: "1", other: 2 } }))).toEqual({ x: { $d: "1", other: 2 } });
  });
});
