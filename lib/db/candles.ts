import "server-only";
import { prisma } from "./prisma";
import { Dec } from "@/lib/exchanges/sync/precise";
import { DAY_MS, isInterval, seriesId, type Candle, type CandleStore, type SeriesRange, type SeriesWrite, type StoredRange } from "@/lib/pricing/candle-store";

/**
 * The Postgres candle cache (`PriceCandle`, `PriceCoverage`): public market data shared by all
 * users, so, unlike user data, no `userId`. Decimals cross as strings both ways (numeric(38,18);
 * never a float). Writes are idempotent (`createMany` with `skipDuplicates`: a closed candle never
 * changes, and two jobs warming the same days at once both succeed) and candles and coverage of one
 * save are one transaction, so coverage never claims days whose candles are missing.
 */

/** Ranges per query: keeps the OR list (and its bind parameters) well inside Postgres' limits. */
const RANGES_PER_QUERY = 200;
/** Rows per INSERT: 8 columns x 4,000 rows stays under Postgres' 65,535 bind parameters. */
const ROWS_PER_INSERT = 4000;

const dayDate = (day: number) => new Date(day * DAY_MS);
const dec = (s: { toFixed(): string }) => new Dec(s.toFixed());

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export const prismaCandleStore: CandleStore = {
  async load(ranges: readonly SeriesRange[]): Promise<StoredRange[]> {
    const out: StoredRange[] = ranges.map(() => ({ covered: [], candles: [] }));
    const byId = new Map<string, number[]>();
    ranges.forEach((r, i) => {
      const id = seriesId(r);
      const list = byId.get(id) ?? [];
      list.push(i);
      byId.set(id, list);
    });
    const owner = (id: string, day: number): StoredRange | undefined => {
      for (const i of byId.get(id) ?? []) {
        const r = ranges[i] as SeriesRange;
        if (day >= r.fromDay && day <= r.toDay) return out[i];
      }
      return undefined;
    };
    for (const part of chunks(ranges, RANGES_PER_QUERY)) {
      const [coverage, candles] = await Promise.all([
        prisma.priceCoverage.findMany({
          where: { OR: part.map((r) => ({ source: r.source, pair: r.pair, interval: r.interval, day: { gte: dayDate(r.fromDay), lte: dayDate(r.toDay) } })) },
          select: { source: true, pair: true, interval: true, day: true },
        }),
        prisma.priceCandle.findMany({
          where: { OR: part.map((r) => ({ source: r.source, pair: r.pair, interval: r.interval, openTime: { gte: dayDate(r.fromDay), lt: dayDate(r.toDay + 1) } })) },
          orderBy: { openTime: "asc" },
        }),
      ]);
      for (const c of coverage) {
        if (!isInterval(c.interval)) continue;
        const day = Math.floor(c.day.getTime() / DAY_MS);
        owner(seriesId({ source: c.source, pair: c.pair, interval: c.interval }), day)?.covered.push(day);
      }
      for (const c of candles) {
        if (!isInterval(c.interval)) continue;
        const openTime = c.openTime.getTime();
        const candle: Candle = { openTime, open: dec(c.open), high: dec(c.high), low: dec(c.low), close: dec(c.close) };
        owner(seriesId({ source: c.source, pair: c.pair, interval: c.interval }), Math.floor(openTime / DAY_MS))?.candles.push(candle);
      }
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
