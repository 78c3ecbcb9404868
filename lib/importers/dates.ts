/**
 * Date parsing with explicit time zones. Exports print local-looking times whose zone is implied
 * by the format (Binance `UTC_Time`, Kraken: UTC) or written in the header (KuCoin
 * `Filled Time(UTC+08:00)`), so every parser takes the offset to apply instead of letting
 * `new Date(string)` guess from the machine's zone.
 */

const DATE_TIME =
  /^(\d{4}|\d{2})([-/])(\d{1,2})\2(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function toInt(s: string | undefined, fallback = 0): number {
  return s === undefined || s === "" ? fallback : parseInt(s, 10);
}

/** Builds the instant, or null when a field is out of range (`2024-13-45 25:61:00`). */
export function utcInstant(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offsetMinutes: number): Date | null {
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return null;
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMinutes * 60_000);
}

/** `+08:00`, `+0800`, `-05:00`, `Z`, `UTC` → minutes east of UTC. */
export function parseOffset(text: string): number | null {
  const t = text.trim().toUpperCase();
  if (t === "Z" || t === "UTC" || t === "GMT") return 0;
  const m = /^(?:UTC)?([+-])(\d{2}):?(\d{2})$/.exec(t);
  if (!m) return null;
  const minutes = toInt(m[2]) * 60 + toInt(m[3]);
  return m[1] === "-" ? -minutes : minutes;
}

/**
 * The time zone a header names, e.g. KuCoin's `Filled Time(UTC+08:00)` → 480, `Time(UTC)` → 0;
 * null when the header carries none.
 */
export function offsetFromHeader(header: string): number | null {
  const m = /\(\s*(UTC(?:\s*[+-]\d{1,2}(?::?\d{2})?)?)\s*\)/i.exec(header);
  if (!m || m[1] === undefined) return null;
  const inner = m[1].replace(/\s+/g, "").toUpperCase();
  if (inner === "UTC") return 0;
  const hm = /^UTC([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(inner);
  if (!hm) return null;
  const minutes = toInt(hm[2]) * 60 + toInt(hm[3]);
  return hm[1] === "-" ? -minutes : minutes;
}

/**
 * ISO-like date-times: `2024-01-03 09:12:44 UTC` (Coinbase), `2024-01-08T14:02:11.204Z`,
 * `2024-01-03 10:11:12.4821` (Kraken trades: sub-millisecond digits are truncated),
 * `2019/05/11 10:27:17` (KuCoin 2019), `24-03-01 00:00:00` (Binance two-digit years, read as
 * 20YY), a bare date. A zone in the text wins over `defaultOffsetMinutes`.
 */
export function parseDateTime(raw: string, defaultOffsetMinutes = 0): Date | null {
  const m = DATE_TIME.exec(raw.trim());
  if (!m) return null;
  const [, yy, , mo, d, h, mi, s, frac, zone] = m;
  const year = yy !== undefined && yy.length === 2 ? 2000 + toInt(yy) : toInt(yy);
  const ms = frac ? toInt(frac.slice(0, 3).padEnd(3, "0")) : 0;
  const offset = zone ? parseOffset(zone) : defaultOffsetMinutes;
  if (offset === null) return null;
  return utcInstant(year, toInt(mo), toInt(d), toInt(h), toInt(mi), toInt(s), ms, offset);
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

/**
 * Django's "N j, Y, P" style used by Bitstamp's legacy export: `Jan. 28, 2022, 12:13 AM`,
 * also `Sept. 3, 2021, 9 a.m.`, `March 1, 2021, noon`. Read as UTC (the zone rotki assumes for
 * this export; Bitstamp's account pages show UTC).
 */
export function parseMonthNameDateTime(raw: string, offsetMinutes = 0): Date | null {
  const m = /^([A-Za-z]+)\.?\s+(\d{1,2}),\s*(\d{4}),?\s+(?:(noon|midnight)|(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s*m\.?)$/i.exec(raw.trim());
  if (!m || m[1] === undefined) return null;
  const month = MONTHS[m[1].slice(0, 3).toLowerCase()];
  if (month === undefined) return null;
  let hour: number;
  let minute = 0;
  if (m[4]) {
    hour = m[4].toLowerCase() === "noon" ? 12 : 0;
  } else {
    const h12 = toInt(m[5]);
    if (h12 < 1 || h12 > 12) return null;
    minute = toInt(m[6]);
    const pm = m[7]?.toLowerCase() === "p";
    hour = (h12 % 12) + (pm ? 12 : 0);
  }
  return utcInstant(toInt(m[3]), month, toInt(m[2]), hour, minute, 0, 0, offsetMinutes);
}
