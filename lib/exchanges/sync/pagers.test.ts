import { describe, expect, it } from "vitest";
import type { LedgerEntry } from "../../ledger/types";
import { descendingStream, nextTimeCursor, windowedStream, type Row } from "./pagers";
import type { StreamContext, StreamDef } from "./types";

/** Pure paging logic against in-memory "exchanges". */

const DAY = 86_400_000;
const entry = (id: string) => ({ externalId: id }) as LedgerEntry;
const ctx = (now: number, since = 0): StreamContext => ({ now, since, call: (fn) => fn() }) as StreamContext;

async function drain<S>(def: StreamDef<S>, c: StreamContext, state: S): Promise<{ ids: string[]; state: S; pages: number }> {
  const ids: string[] = [];
  let pages = 0;
  for (;;) {
    const p = await def.next(state, c);
    pages++;
    ids.push(...p.entries.map((e) => e.externalId));
    state = JSON.parse(JSON.stringify(p.state)) as S; // what the job stores and hands back
    if (p.done) return { ids, state, pages };
  }
}

describe("windowedStream", () => {
  const rows: Row[] = [
    { id: "a", time: 1 * DAY, entry: entry("a") },
    { id: "b", time: 50 * DAY, entry: entry("b") },
    { id: "c", time: 95 * DAY, entry: entry("c"), pending: true },
    { id: "d", time: 99 * DAY, entry: entry("d") },
  ];
  const calls: [number, number][] = [];
  const def = windowedStream<number>({
    stream: "deposits",
    phase: "deposits",
    windowMs: 30 * DAY,
    overlapMs: DAY,
    isInner: (x): x is number => typeof x === "number",
    async fetch(from, to) {
      calls.push([from, to]);
      return { rows: rows.filter((r) => r.time >= from && r.time <= to), next: null };
    },
  });

  it("walks windows no wider than the API allows, holds the watermark at a pending transfer, and takes it once completed", async () => {
    const first = await drain(def, ctx(100 * DAY), def.initial(ctx(100 * DAY)));
    expect(first.ids).toEqual(["a", "b", "d"]);
    expect(calls.every(([f, t]) => t - f <= 30 * DAY)).toBe(true);
    expect(first.state.from).toBe(95 * DAY); // the pending deposit, not 99 d

    rows[2] = { id: "c", time: 95 * DAY, entry: entry("c") };
    const second = await drain(def, ctx(101 * DAY), first.state);
    expect(second.ids).toEqual(["c"]); // "d" is remembered in `seen`
  });
});

describe("descendingStream", () => {
  it("pages newest-first to the watermark and, resumed mid-pass, neither skips nor repeats", async () => {
    let data: Row[] = Array.from({ length: 23 }, (_, i) => ({ id: `r${i}`, time: 1_000 + i * 10, entry: entry(`r${i}`) }));
    const def = descendingStream<number>({
      stream: "trades",
      phase: "trades",
      overlapMs: 0,
      isInner: (x): x is number => typeof x === "number",
      async fetch(from, to, ofs) {
        const list = data.filter((r) => r.time >= from && r.time <= to).sort((a, b) => b.time - a.time);
        const page = list.slice(ofs ?? 0, (ofs ?? 0) + 5);
        return { rows: page, next: page.length === 5 ? (ofs ?? 0) + 5 : null };
      },
    });
    const c = ctx(5_000);
    let state = def.initial(c);
    const seen: string[] = [];
    for (let i = 0; i < 2; i++) {
      const p = await def.next(state, c);
      seen.push(...p.entries.map((e) => e.externalId));
      state = p.state;
    }
    // Rows arriving after the pass started do not shift its offsets.
    data = [...data, { id: "late", time: 5_500, entry: entry("late") }];
    const rest = await drain(def, ctx(6_000), state);
    expect([...seen, ...rest.ids].sort()).toEqual(Array.from({ length: 23 }, (_, i) => `r${i}`).sort());
    const next = await drain(def, ctx(7_000), rest.state);
    expect(next.ids).toEqual(["late"]);
  });
});

describe("nextTimeCursor", () => {
  it("continues at the oldest instant of a full page and remembers the ids taken there", () => {
    const page = [
      { id: "1", time: 30 },
      { id: "2", time: 20 },
      { id: "3", time: 20 },
    ];
    expect(nextTimeCursor(page, 4, null)).toBeNull();
    expect(nextTimeCursor(page, 3, null)).toEqual({ at: 20, ids: ["2", "3"] });
    expect(nextTimeCursor([{ id: "4", time: 20 }, { id: "5", time: 10 }], 2, { at: 20, ids: ["2", "3"] })).toEqual({ at: 10, ids: ["5"] });
    expect(() => nextTimeCursor([{ id: "6", time: 20 }], 1, { at: 20, ids: ["2"] })).toThrow();
  });
});
