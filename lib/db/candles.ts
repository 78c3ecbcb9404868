import "server-only";
import { prisma } from "./prisma";
import { Dec } from "@/lib/exchanges/sync/precise";
import { DAY_MS, type CandleStore, type SeriesRange, type SeriesWrite, type StoredRange } from "@/lib/pricing/candle-store";

/**
 * The Postgres candle cache (`PriceCandle`, `PriceCoverage`): public market data shared by all
 * users, so, unlike user data, no `userId`. Decimals cross as strings both ways (numeric(38,18);
 * never a float). Writes are idempotent (`createMany` with `skipDuplicates`: a closed candle never
 * changes, and two jobs warming the same days at once both succeed) and candles and coverage of one
 * save are one transaction, so coverage never claims days whose candles are missing.
 */

/** Rows per INSERT: 8 columns x 4,000 rows stays under Postgres' 65,535 bind parameters. */
const ROWS_PER_INSERT = 4000;

const dayDate = (day: number) => new Date(day * DAY_MS);
// Day boundaries as plain "YYYY-MM-DD" (midnight, no zone): the columns are UTC timestamps without a zone.
const isoDay = (day: number) => dayDate(day).toISOString().slice(0, 10);

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export const prismaCandleStore: CandleStore = {
  async load(ranges: readonly SeriesRange[]): Promise<StoredRange[]> {
    const out: StoredRange[] = ranges.map(() => ({ covered: [], candles: [] }));
    if (ranges.length === 0) return out;
    // One query per table for every range (an unnest of the ranges joined on the primary key): a
    // 100,000-row ledger asks for thousands of ranges, and one statement per few hundred took minutes.
    const col = <T>(f: (r: SeriesRange) => T) => ranges.map(f);
    const idx = ranges.map((_, i) => i);
    const [coverage, candles] = await Promise.all([
      prisma.$queryRaw<{ i: number; day: Date }[]>`
        SELECT r.i, c.day FROM unnest(${idx}::int[], ${col((r) => r.source)}::text[], ${col((r) => r.pair)}::text[], ${col((r) => r.interval)}::text[], ${col((r) => isoDay(r.fromDay))}::date[], ${col((r) => isoDay(r.toDay))}::date[]) AS r(i, source, pair, interval, f, t)
        JOIN "PriceCoverage" c ON c.source = r.source AND c.pair = r.pair AND c.interval = r.interval AND c.day >= r.f AND c.day <= r.t`,
      prisma.$queryRaw<{ i: number; openTime: Date; open: string; high: string; low: string; close: string }[]>`
        SELECT r.i, c."openTime", c.open::text AS open, c.high::text AS high, c.low::text AS low, c.close::text AS close
        FROM unnest(${idx}::int[], ${col((r) => r.source)}::text[], ${col((r) => r.pair)}::text[], ${col((r) => r.interval)}::text[], ${col((r) => isoDay(r.fromDay))}::timestamp[], ${col((r) => isoDay(r.toDay + 1))}::timestamp[]) AS r(i, source, pair, interval, f, t)
        JOIN "PriceCandle" c ON c.source = r.source AND c.pair = r.pair AND c.interval = r.interval AND c."openTime" >= r.f AND c."openTime" < r.t
        ORDER BY r.i, c."openTime"`,
    ]);
    for (const c of coverage) out[c.i]?.covered.push(Math.floor(c.day.getTime() / DAY_MS));
    for (const c of candles) {
      out[c.i]?.candles.push({ openTime: c.openTime.getTime(), open: new Dec(c.open), high: new Dec(c.high), low: new Dec(c.low), close: new Dec(c.close) });
    }
    for (const r of out) r.covered.sort((a, b) => a - b);
    return out;
  },

  async save(writes: readonly SeriesWrite[]): Promise<void> {
    const candles = writes.flatMap((w) =>
      w.candles.map((c) => ({
        source: w.key.source,
        pair: w.key.pair,
        interval: w.key.interval,
        openTime: new Date(c.openTime),
        open: c.open.toFixed(),
        high: c.high.toFixed(),
        low: c.low.toFixed(),
        close: c.close.toFixed(),
      })),
    );
    const coverage = writes.flatMap((w) => w.coveredDays.map((d) => ({ source: w.key.source, pair: w.key.pair, interval: w.key.interval, day: dayDate(d) })));
    if (candles.length === 0 && coverage.length === 0) return;
    await prisma.$transaction([
      ...chunks(candles, ROWS_PER_INSERT).map((data) => prisma.priceCandle.createMany({ data, skipDuplicates: true })),
      ...chunks(coverage, ROWS_PER_INSERT).map((data) => prisma.priceCoverage.createMany({ data, skipDuplicates: true })),
    ]);
  },
};
