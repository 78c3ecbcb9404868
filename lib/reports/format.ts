import Decimal from "decimal.js";

/**
 * Rounding and text for money, quantities and dates at the edge of a report. Money stays a
 * Decimal through the engine and the report builders and is rounded only here.
 */

/**
 * "cents": 2 decimals. "whole-dollars": IRS "Rounding Off to Whole Dollars" (Form 1040
 * instructions; tax-rules notes 1.9): drop amounts under 50 cents, raise 50 to 99 cents to the
 * next dollar, i.e. half-up (away from zero for the rare negative adjustment).
 */
export type Rounding = "cents" | "whole-dollars";

export function decimalsOf(rounding: Rounding): number {
  return rounding === "cents" ? 2 : 0;
}

export function roundMoney(value: Decimal, rounding: Rounding): Decimal {
  const r = value.toDecimalPlaces(decimalsOf(rounding), Decimal.ROUND_HALF_UP);
  // Never hand "-0" on: a rounded-away loss of -0.004 is simply zero.
  return r.isZero() ? r.abs() : r;
}

/** Plain fixed-point text ("-120.50", no separators): CSV money. Rounds half-up to `dp`. */
export function fixed(value: Decimal, dp = 2): string {
  const r = value.toDecimalPlaces(dp, Decimal.ROUND_HALF_UP);
  return r.isZero() ? r.abs().toFixed(dp) : r.toFixed(dp);
}

/** Exact decimal text: no exponent, no trailing zeros, never "-0". Quantities. */
export function exact(value: Decimal): string {
  return value.isZero() ? "0" : value.toFixed();
}

/** At most `dp` decimals, trailing zeros dropped (TurboTax: at most 8 decimal places). */
export function upTo(value: Decimal, dp: number): string {
  return exact(value.toDecimalPlaces(dp, Decimal.ROUND_HALF_UP));
}

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Printed-form money: thousands separators, losses in parentheses: "(1,234.56)". */
export function printed(value: Decimal, dp = 2, negative: "parens" | "minus" = "parens"): string {
  const text = fixed(value, dp);
  const neg = text.startsWith("-");
  const [int = "0", frac] = (neg ? text.slice(1) : text).split(".");
  const body = frac === undefined ? group(int) : `${group(int)}.${frac}`;
  if (!neg) return body;
  return negative === "parens" ? `(${body})` : `-${body}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(date: Date, timeZone: string): { y: string; m: string; d: string; hh: string; mm: string; ss: string } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
    formatters.set(timeZone, f);
  }
  const out = { y: "", m: "", d: "", hh: "", mm: "", ss: "" };
  for (const p of f.formatToParts(date)) {
    if (p.type === "year") out.y = p.value;
    else if (p.type === "month") out.m = p.value;
    else if (p.type === "day") out.d = p.value;
    else if (p.type === "hour") out.hh = p.value;
    else if (p.type === "minute") out.mm = p.value;
    else if (p.type === "second") out.ss = p.value;
  }
  return out;
}

/**
 * MM/DD/YYYY on the taxpayer's local calendar (Form 8949 columns (b)/(c), TurboTax, TaxAct). The
 * local date is what decides the holding period and the tax year (tax-rules notes 1.4, 5).
 */
export function usDate(date: Date, timeZone: string): string {
  const p = partsIn(date, timeZone);
  return `${p.m}/${p.d}/${p.y}`;
}

/** YYYY-MM-DD on the local calendar. */
export function isoDate(date: Date, timeZone: string): string {
  const p = partsIn(date, timeZone);
  return `${p.y}-${p.m}-${p.d}`;
}

/** YYYY-MM-DD HH:MM:SS on the local calendar. */
export function isoDateTime(date: Date, timeZone: string): string {
  const p = partsIn(date, timeZone);
  return `${p.y}-${p.m}-${p.d} ${p.hh}:${p.mm}:${p.ss}`;
}
