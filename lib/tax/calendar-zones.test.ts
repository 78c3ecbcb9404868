import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { localDayFn, MS_PER_DAY } from "./calendar";

/**
 * `localDayFn` memoises offsets per UTC day; it must give what asking Intl for every quarter hour
 * gives, around DST changes too (30-minute DST in Lord Howe, Casablanca's Ramadan changes a month
 * apart, half-hour zones).
 */
const ZONES = ["Europe/London", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "America/St_Johns", "Africa/Casablanca", "Pacific/Chatham"];
const QUARTER = 15 * 60_000;

function reference(timeZone: string): (ms: number) => number {
  const fmt = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
  return (ms) => {
    const at = Math.floor(ms / QUARTER) * QUARTER;
    const p: Record<string, number> = {};
    for (const part of fmt.formatToParts(new Date(at))) if (part.type !== "literal") p[part.type] = parseInt(part.value, 10);
    const wall = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
    return Math.floor((ms + wall - at) / MS_PER_DAY);
  };
}

describe("local days in zones with DST", () => {
  it.each(ZONES)("%s", (zone) => {
    const fast = localDayFn(zone);
    const ref = reference(zone);
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2009, 0, 1), max: Date.UTC(2031, 0, 1) }), (ms) => {
        expect(fast(ms)).toBe(ref(ms));
      }),
      { numRuns: 400 },
    );
    // Every quarter hour around this zone's changes in 2024 and 2025.
    for (let ms = Date.UTC(2024, 0, 1); ms < Date.UTC(2026, 0, 1); ms += 7 * QUARTER + 60_000) expect(fast(ms)).toBe(ref(ms));
  });
});
