import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseLedgerText, type ParseOutcome } from "./index";
import { FIXTURES } from "./test-fixtures";

const files = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(path.join(FIXTURES, d.name)).map((f) => `${d.name}/${f}`))
  .filter((f) => f.endsWith(".csv"));
const text = (f: string) => readFileSync(path.join(FIXTURES, f), "utf8");

const CELLS = ["", "abc", "N/A", "-1", "0", "1e309", "$1,000.00", "(5)", "2024-13-45 25:61:00", "2024-02-29 12:00:00", "BTC", "☃", '"', "1,5", "NaN", "-0", "99999999999999999999999999.999999999999999999"];

type Mutation = { kind: "cell"; line: number; cell: number; value: string } | { kind: "drop"; line: number; cell: number } | { kind: "dup"; line: number } | { kind: "delete"; line: number } | { kind: "garbage"; line: number; value: string };

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("cell" as const), line: fc.nat(), cell: fc.nat(), value: fc.oneof(fc.constantFrom(...CELLS), fc.string({ maxLength: 12 })) }),
  fc.record({ kind: fc.constant("drop" as const), line: fc.nat(), cell: fc.nat() }),
  fc.record({ kind: fc.constant("dup" as const), line: fc.nat() }),
  fc.record({ kind: fc.constant("delete" as const), line: fc.nat() }),
  fc.record({ kind: fc.constant("garbage" as const), line: fc.nat(), value: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('"unterminated', ",,,,", "\u0000\u0001", "a,b,c,d,e,f,g,h,i,j,k,l,m,n")) }),
);

/** Naive comma split: a mutation only needs to be some edit of the file, not a faithful one. */
function mutate(source: string, m: Mutation): string {
  const lines = source.split("\n");
  const i = m.line % lines.length;
  const cells = (lines[i] ?? "").split(",");
  switch (m.kind) {
    case "cell":
      cells[m.cell % cells.length] = m.value;
      lines[i] = cells.join(",");
      break;
    case "drop":
      cells.splice(m.cell % cells.length, 1);
      lines[i] = cells.join(",");
      break;
    case "dup":
      lines.splice(i, 0, lines[i] ?? "");
      break;
    case "delete":
      lines.splice(i, 1);
      break;
    case "garbage":
      lines.splice(i, 0, m.value);
      break;
  }
  return lines.join("\n");
}

function checkInvariants(r: ParseOutcome, lineCount: number): void {
  if (r.ok) {
    expect(r.rowsRead).toBeGreaterThanOrEqual(0);
    const ids = new Set<string>();
    for (const e of r.entries) {
      expect(Number.isNaN(e.time.getTime())).toBe(false);
      for (const a of [e.sentAmount, e.receivedAmount, e.feeAmount, e.fiatValue]) if (a) expect(a.isNegative() && !a.isZero()).toBe(false);
      expect(e.sentAmount === null).toBe(e.sentAsset === null);
      expect(e.receivedAmount === null).toBe(e.receivedAsset === null);
      expect(e.sentAmount || e.receivedAmount || e.feeAmount).toBeTruthy();
      expect(e.sourceLine).toBeGreaterThanOrEqual(1);
      expect(ids.has(`${e.account}|${e.externalId}`)).toBe(false);
      ids.add(`${e.account}|${e.externalId}`);
    }
  } else {
    expect(r.errors.length).toBeGreaterThan(0);
    expect("entries" in r).toBe(false);
    for (const e of r.errors) {
      expect(e.line).toBeGreaterThanOrEqual(1);
      expect(e.line).toBeLessThanOrEqual(lineCount + 1);
      expect(e.reason).not.toMatch(/^internal error/);
    }
  }
}

describe("mutated fixtures: ok or line-level errors, never a throw, never partial", () => {
  it.each(files)("%s", async (file) => {
    const source = text(file);
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (ms) => {
        const mutated = ms.reduce(mutate, source);
        const r = await parseLedgerText(mutated);
        checkInvariants(r, mutated.split("\n").length);
      }),
      { numRuns: 60 },
    );
  });
});

// One entry per data row: deleting a row removes exactly that row's entries; corrupting a
// number refuses the file at that row.
const ONE_ROW_ONE_ENTRY: [file: string, numericColumn: number][] = [
  ["coinbase/coinbase_transaction_history.csv", 4],
  ["coinbase-advanced/coinbase_advanced_fills.csv", 5],
  ["binance/binance_trade_history.csv", 3],
  ["bitstamp/bitstamp_transactions.csv", 5],
  ["kucoin/kucoin_spot_filled_orders.csv", 7],
  ["kraken/trades.csv", 9],
];

describe("row-level properties on one-row-per-entry exports", () => {
  it.each(ONE_ROW_ONE_ENTRY)("%s", async (file, column) => {
    const source = text(file);
    const original = await parseLedgerText(source);
    if (!original.ok) throw new Error("fixture refused");
    const lines = source.split("\n");
    const headerLine = lines.findIndex((l, i) => original.entries.every((e) => (e.sourceLine ?? 0) > i + 1) && l.includes(",")) + 1;
    const dataLines = original.entries.map((e) => e.sourceLine ?? 0);
    const lineArb = fc.constantFrom(...dataLines);

    await fc.assert(
      fc.asyncProperty(lineArb, async (line) => {
        const without = lines.filter((_, i) => i + 1 !== line).join("\n");
        const r = await parseLedgerText(without);
        expect(r.ok && r.entries.length).toBe(original.entries.length - original.entries.filter((e) => e.sourceLine === line).length);
      }),
    );
    await fc.assert(
      fc.asyncProperty(lineArb, fc.constantFrom("abc", "N/A", "1.2.3", "--1", "$"), async (line, garbage) => {
        const edited = lines.map((l, i) => (i + 1 === line ? l.split(",").map((c, k) => (k === column ? garbage : c)).join(",") : l)).join("\n");
        const r = await parseLedgerText(edited);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.errors.map((e) => e.line)).toEqual([line]);
      }),
    );
    expect(headerLine).toBeGreaterThanOrEqual(1);
  });
});
