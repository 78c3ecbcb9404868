import Decimal from "decimal.js";

/**
 * JSON that brings Decimals and Dates back as themselves: the engine's result is stored in the
 * result cache and read back by pages that do Decimal arithmetic and date formatting on it.
 * Decimals are written as their exact string and read with 60 significant digits, so no value is
 * rounded on the way through and sums of read values stay exact.
 */
const Exact = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });

export function encodeTagged(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    // `v` has been through toJSON already; the original is still on the holder.
    const raw = this[key];
    if (raw instanceof Date) return { $t: Number.isFinite(raw.getTime()) ? raw.getTime() : null };
    if (Decimal.isDecimal(raw)) return { $d: (raw as Decimal).toString() };
    if (typeof raw === "function") return undefined;
    return v;
  });
}

export function decodeTagged<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    if (typeof o.$d === "string" && Object.keys(o).length === 1) return new Exact(o.$d);
    if ("$t" in o && Object.keys(o).length === 1) return new Date(typeof o.$t === "number" ? o.$t : Number.NaN);
    return v;
  }) as T;
}
