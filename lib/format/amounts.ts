import Decimal from "decimal.js";

/**
 * Formats a decimal string for display without passing through a float:
 * grouping from Intl on the integer part, the fraction kept as written (trimmed to maxFraction).
 */
export function formatQuantity(value: string, maxFraction = 8, locale = "en-US", minFraction = 0): string {
  const d = new Decimal(value);
  const fixed = d.toDecimalPlaces(maxFraction, Decimal.ROUND_HALF_EVEN).toFixed();
  const negative = fixed.startsWith("-");
  const [intPart = "0", rawFrac = ""] = (negative ? fixed.slice(1) : fixed).split(".");
  const frac = rawFrac.padEnd(minFraction, "0");
  const grouped = new Intl.NumberFormat(locale, { useGrouping: true }).format(BigInt(intPart));
  const decimalSep = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === "decimal")?.value ?? ".";
  return `${negative ? "-" : ""}${grouped}${frac ? decimalSep + frac : ""}`;
}

/** Money in a currency, rounded half-even to cents at the display edge only. */
export function formatMoney(value: string, currency: string, locale = "en-US"): string {
  const d = new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);
  const parts = new Intl.NumberFormat(locale, { style: "currency", currency }).formatToParts(0);
  const symbol = parts.find((p) => p.type === "currency")?.value ?? currency;
  const body = formatQuantity(d.abs().toFixed(2), 2, locale, 2);
  const symbolFirst = parts.findIndex((p) => p.type === "currency") < parts.findIndex((p) => p.type === "integer");
  const text = symbolFirst ? `${symbol}${body}` : `${body} ${symbol}`;
  return d.isNegative() && !d.isZero() ? `-${text}` : text;
}
