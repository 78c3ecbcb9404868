/**
 * Local calendar days as integers (days since 1970-01-01 in the taxpayer's zone). Date rules are
 * about local dates: the US holding period and tax year (tax-rules notes 1.4, 5 "Time zones"), the
 * UK same-day rule and tax year in Europe/London (notes 2.1, 2.2), German periods under s.108 AO
 * with ss.187-188 BGB (notes 3). Instants stay UTC; only these day numbers are local.
 */

export const MS_PER_DAY = 86_400_000;
const BUCKET_MS = 15 * 60_000; // zone offsets change on quarter-hour boundaries at most

const UTC_NAMES = new Set(["UTC", "ETC/UTC", "GMT", "ETC/GMT", "Z", "ETC/UCT", "UCT", "ETC/ZULU", "ZULU"]);

export type DayOf = (ms: number) => number;

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Maps UTC milliseconds to the local day number in `timeZone`, caching offsets per 15 minutes. */
export function localDayFn(timeZone: string): DayOf {
  if (UTC_NAMES.has(timeZone.toUpperCase())) return (ms) => Math.floor(ms / MS_PER_DAY);
  const fmt = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  /** The zone's offset at the start of a 15-minute bucket (offsets change on quarter hours at most). */
  const bucketOffset = (bucket: number): number => {
    const at = bucket * BUCKET_MS;
    const p: Record<string, number> = {};
    for (const part of fmt.formatToParts(new Date(at))) {
      if (part.type !== "literal") p[part.type] = parseInt(part.value, 10);
    }
    const wall = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
    return wall - at;
  };
  // Intl is slow (tens of microseconds a call) and a ledger's rows mostly fall in different
  // quarter hours; but offsets change only at the few transitions a year. Per UTC day: when the
  // day's quarter hours at 0, 6, 12, 18 h and its last one have the same offset, the whole day has
  // it (no zone changes its offset and back within six hours); otherwise that day is looked up
  // per quarter hour.
  const PER_DAY = MS_PER_DAY / BUCKET_MS;
  const byDay = new Map<number, number>();
  const byBucket = new Map<number, number>();
  const offsetAt = (ms: number): number => {
    const bucket = Math.floor(ms / BUCKET_MS);
    const day = Math.floor(bucket / PER_DAY);
    let offset = byDay.get(day);
    if (offset === undefined) {
      const first = day * PER_DAY;
      const a = bucketOffset(first);
      const q = PER_DAY / 4;
      offset = a === bucketOffset(first + q) && a === bucketOffset(first + 2 * q) && a === bucketOffset(first + 3 * q) && a === bucketOffset(first + PER_DAY - 1) ? a : Number.NaN;
      byDay.set(day, offset);
    }
    if (!Number.isNaN(offset)) return offset;
    let exact = byBucket.get(bucket);
    if (exact === undefined) byBucket.set(bucket, (exact = bucketOffset(bucket)));
    return exact;
  };
  return (ms) => Math.floor((ms + offsetAt(ms)) / MS_PER_DAY);
}

export interface CivilDate {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
}

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian), integer-only.
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function daysInMonth(year: number, month: number): number {
  return daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - daysFromCivil(year, month, 1);
}

/**
 * The same calendar date `years` later; 29 February maps to 28 February in a common year (the
 * period ends on the last day of the month, s.188(3) BGB; the IRS counts calendar years the same
 * way). Never "365 days": that is wrong across 29 February (tax-rules notes 1.4).
 */
export function addYears(days: number, years: number): number {
  const c = civilFromDays(days);
  const y = c.year + years;
  return daysFromCivil(y, c.month, Math.min(c.day, daysInMonth(y, c.month)));
}

/** "2024-06-19" for a day number. */
export function dayIso(days: number): string {
  const c = civilFromDays(days);
  return `${String(c.year).padStart(4, "0")}-${String(c.month).padStart(2, "0")}-${String(c.day).padStart(2, "0")}`;
}
