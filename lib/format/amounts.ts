import Decimal from "decimal.js";

/**
 * Intl formatters are costly to build (tens of microseconds each) and a page formats hundreds of
 * amounts, so they are kept per locale (and currency). Locales come from Accept-Language, so the
 * cache is bounded: when full it starts over.
 */
const MAX_CACHED = 64;
function memo<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let v = cache.get(key);
  if (v === undefined) {
    if (cache.size >= MAX_CACHED) cache.clear();
    v = make();
    cache.set(key, v);
  }
  return v;
}

interface LocaleFormat {
  grouping: Intl.NumberFormat;
  decimalSep: string;
}
const locales = new Map<string, LocaleFormat>();
function localeFormat(locale: string): LocaleFormat {
  return memo(locales, locale, () => ({
    grouping: new Intl.NumberFormat(locale, { useGrouping: true }),
    decimalSep: new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === "decimal")?.value ?? ".",
  }));
}

interface CurrencyFormat {
  symbol: string;
  symbolFirst: boolean;
}
const currencies = new Map<string, CurrencyFormat>();
function currencyFormat(currency: string, locale: string): CurrencyFormat {
  return memo(currencies, `${locale}\u0000${currency}`, () => {
    const parts = new Intl.NumberFormat(locale, { style: "currency", currency }).formatToParts(0);
    return {
      symbol: parts.find((p) => p.type === "currency")?.value ?? currency,
      symbolFirst: parts.findIndex((p) => p.type === "currency") < parts.findIndex((p) => p.type === "integer"),
    };
  });
}

const PLAIN_DECIMAL = /^(-?)(\d+)(?:\.(\d*))?$/;

/**
 * Sign, integer digits and fraction digits of `value` rounded half-even to `maxFraction` places,
 * written as Decimal#toFixed writes them (no trailing zeros, no "-0"). A plain decimal string that
 * needs no rounding (what the database and the engine hand out) is taken apart as text; anything
 * else (more places, exponents) goes through decimal.js.
 */
function plainDigits(value: string, maxFraction: number): [negative: boolean, intPart: string, frac: string] {
  const m = PLAIN_DECIMAL.exec(value);
  if (m && (m[3]?.length ?? 0) <= maxFraction) {
    const intPart = (m[2] as string).replace(/^0+(?=\d)/, "");
    const frac = (m[3] ?? "").replace(/0+$/, "");
    return [m[1] === "-" && (intPart !== "0" || frac !== ""), intPart, frac];
  }
  const fixed = new Decimal(value).toDecimalPlaces(maxFraction, Decimal.ROUND_HALF_EVEN).toFixed();
  const negative = fixed.startsWith("-");
  const [intPart = "0", frac = ""] = (negative ? fixed.slice(1) : fixed).split(".");
  return [negative, intPart, frac];
}

/**
 * Formats a decimal string for display without passing through a float:
 * grouping from Intl on the integer part, the fraction kept as written (trimmed to maxFraction).
 */
export function formatQuantity(value: string, maxFraction = 8, locale = "en-US", minFraction = 0): string {
  const [negative, intPart, rawFrac] = plainDigits(value, maxFraction);
  const frac = rawFrac.padEnd(minFraction, "0");
  const { grouping, decimalSep } = localeFormat(locale);
  const grouped = grouping.format(BigInt(intPart));
  return `${negative ? "-" : ""}${grouped}${frac ? decimalSep + frac : ""}`;
}

/** Money in a currency, rounded half-even to cents at the display edge only. */
export function formatMoney(value: string, currency: string, locale = "en-US"): string {
  const [negative, intPart, frac] = plainDigits(value, 2);
  const { symbol, symbolFirst } = currencyFormat(currency, locale);
  const { grouping, decimalSep } = localeFormat(locale);
  const body = `${grouping.format(BigInt(intPart))}${decimalSep}${frac.padEnd(2, "0")}`;
  const text = symbolFirst ? `${symbol}${body}` : `${body} ${symbol}`;
  return negative ? `-${text}` : text;
}
