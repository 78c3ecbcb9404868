import Decimal from "decimal.js";

/**
 * Every importer number is a `Dec`: decimal.js with 60 significant digits, so that summing the
 * legs of a trade never rounds (the default 20 digits would cut Crypto.com's 18-decimal amounts
 * once the integer part grows). Instances are ordinary `Decimal`s (`instanceof Decimal` holds).
 */
export const Dec = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });
export const ZERO = new Dec(0);

// Digits with optional thousands groups, optional fraction, optional exponent (Binance statements
// write `-3.605E-05`).
const PLAIN = /^(?:\d+|\d{1,3}(?:,\d{3})+)?(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

/**
 * Parses money and quantities as exchanges print them: `1234.5`, `-0.1`, `$1,234.50`, `-$241.80`,
 * `$-241.80`, `€3.00`, `(1,000.00)` (Excel's accounting negative, seen in Gemini's XLSX saved as
 * CSV), `3.605E-05`. Returns null for anything else (including the empty string), never a float.
 */
export function parseDecimal(raw: string): Decimal | null {
  let s = raw.trim();
  if (s === "") return null;
  let negative = false;
  if (s.startsWith("(") && s.endsWith(")")) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  // One sign, before or after the currency symbol: `-$241.80` and `$-241.80` both occur.
  const sign = /^([-+]?)\s*([$€£¥]?)\s*([-+]?)/.exec(s);
  if (sign && (sign[1] === "" || sign[3] === "")) {
    if (sign[1] === "-" || sign[3] === "-") negative = !negative;
    s = s.slice(sign[0].length);
  }
  if (s === "" || s === "." || !PLAIN.test(s) || !/\d/.test(s)) return null;
  const d = new Dec(s.replace(/,/g, ""));
  return negative ? d.neg() : d;
}

/**
 * Splits a cell that glues the asset to the number: Binance trade history `0.00470000BTC`,
 * `"1,103.50000000USDT"`, Bitstamp legacy `2214.01 EUR`. When the caller knows which assets the
 * row can carry (from the pair), those are tried first, longest first, because a number followed
 * by an asset starting with a digit (`0.51INCH`) is otherwise ambiguous.
 */
export function parseAmountWithAsset(raw: string, expected: readonly string[] = []): { amount: Decimal; asset: string } | null {
  const s = raw.trim();
  const upper = s.toUpperCase();
  let best = "";
  for (const asset of expected) {
    const a = asset.toUpperCase();
    if (a.length > best.length && upper.endsWith(a) && parseDecimal(s.slice(0, s.length - a.length))) best = a;
  }
  if (best) return { amount: parseDecimal(s.slice(0, s.length - best.length)) as Decimal, asset: best };
  const m = /^(.*?[\d.)])\s*([A-Za-z][A-Za-z0-9]*)$/.exec(s);
  if (!m || m[1] === undefined || m[2] === undefined) return null;
  const amount = parseDecimal(m[1]);
  return amount ? { amount, asset: m[2].toUpperCase() } : null;
}

export function sum(values: readonly Decimal[]): Decimal {
  let total: Decimal = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}
