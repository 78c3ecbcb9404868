/**
 * Bad-input fuzzing (issue #10). Every file in the shared `broken/` fixtures and 10,000 seeded
 * mutations of the good fixtures go through the importer entry point (`parseLedgerStream`) as byte
 * streams cut into random chunks, the way an upload arrives. Each outcome must be either
 * - a clean parse: entries the database can store (valid UTC time, non-negative amounts that fit
 *   numeric(38,18), each amount with its asset, unique ids, a source line), and no errors; or
 * - a refusal: at least one issue, each naming a line of the file, and no entries at all (the
 *   import route commits only `ok` outcomes, so a refusal stores nothing);
 * never a thrown exception, an "internal error" (a row handler that threw), or a hang.
 *
 * A case is reproducible from the seed and its number:
 *   FUZZ_SEED=20240610 FUZZ_ONLY=1234 npx vitest run --project unit lib/importers/fuzz.test.ts
 * FUZZ_CASES changes how many mutations run (default 10,000); FUZZ_DUMP=<dir> writes failing inputs there.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type Decimal from "decimal.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseLedgerStream, type ParseOutcome } from "./index";
import { FIXTURES } from "./test-fixtures";
import { TX_KINDS } from "../ledger/types";
import { prng } from "../prng";

const SEED = Number.parseInt(process.env.FUZZ_SEED ?? "20240610", 10);
const CASES = Number.parseInt(process.env.FUZZ_CASES ?? "10000", 10);
const ONLY = process.env.FUZZ_ONLY === undefined ? null : Number.parseInt(process.env.FUZZ_ONLY, 10);
/** A single parse of a fixture-sized file takes milliseconds; this is a hang, not a slow machine. */
const PARSE_TIMEOUT_MS = 5_000;
/** A synchronous loop blocks the timer above: a watchdog thread ends the run after this long without progress. */
const WATCHDOG_MS = 30_000;

const good = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== "broken")
  .flatMap((d) => readdirSync(path.join(FIXTURES, d.name)).map((f) => `${d.name}/${f}`))
  .filter((f) => f.endsWith(".csv"))
  .sort();
const broken = readdirSync(path.join(FIXTURES, "broken"))
  .filter((f) => f.endsWith(".csv"))
  .sort()
  .map((f) => `broken/${f}`);
const bytesOf = new Map([...good, ...broken].map((f) => [f, readFileSync(path.join(FIXTURES, f))]));

// ---------------------------------------------------------------- seeded randomness

type Rng = () => number;
const int = (rng: Rng, n: number) => Math.floor(rng() * n);
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[int(rng, xs.length)] as T;

// ---------------------------------------------------------------- mutations

const BAD_NUMBERS = ["abc", "N/A", "", " ", "-", "+-1", "--5", "1.2.3", "1,2", "1e999", "1e-999", "1E25", "Infinity", "-Infinity", "NaN", "0x1F", "99999999999999999999999", "123456789012345678901.5", "0.0000000000000000000001", "١٢٣", "１２３", "(5", "5)", "$", "€-", "1 000", "∞", "-0", "1e+", ".", "1_000"];
const BAD_DATES = ["2024-13-45 25:61:00 UTC", "0000-00-00 00:00:00", "9999-12-31T23:59:59Z", "24-02-30 00:00:00", "2024-02-30", "1970-01-01T00:00:00Z", "Jan. 32, 2022, 13:99 PM", "+275760-09-13T00:00:00Z", "99999-01-01", "2024-06-31 12:00:00 UTC", "2024/1/1 1:1:1", "yesterday", "1700000000", "2024-01-01T00:00:00+25:00", "2024-01-01 24:00:00", "0001-01-01T00:00:00Z", "2024-1-1T99"];
const JUNK = ["\u0000\u0001\u0002", '"', '""', '"unterminated', ",,,,,,,,", "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r", "\uFEFF", "\uFFFD\uFFFD", "☃,💥,∑", "\t\t\t", "=cmd|' /C calc'!A0", "<script>", "%s%s%n", "\\", "null", "undefined", "__proto__", "constructor"];

/** Byte-level edits (they may cut multi-byte characters or line endings in half). */
type ByteMutation = (b: Buffer, rng: Rng) => Buffer;
/** Line-level edits on the decoded text; line endings are kept as they were. */
type LineMutation = (lines: string[], rng: Rng) => void;

const lineMutations: Record<string, LineMutation> = {
  deleteLine: (l, r) => void l.splice(int(r, l.length), 1),
  duplicateLine: (l, r) => {
    const i = int(r, l.length);
    l.splice(i, 0, l[i] ?? "");
  },
  swapLines: (l, r) => {
    const [i, j] = [int(r, l.length), int(r, l.length)];
    [l[i], l[j]] = [l[j] ?? "", l[i] ?? ""];
  },
  joinLines: (l, r) => {
    const i = int(r, Math.max(1, l.length - 1));
    l.splice(i, 2, `${l[i] ?? ""}${l[i + 1] ?? ""}`);
  },
  insertQuote: (l, r) => insertAt(l, r, pick(r, ['"', '""', '"', "'"])),
  insertComma: (l, r) => insertAt(l, r, pick(r, [",", ",,", ";", "\t"])),
  insertBomMidFile: (l, r) => void (l[int(r, l.length)] = `\uFEFF${l[int(r, l.length)] ?? ""}`),
  emptyCell: (l, r) => editCell(l, r, () => ""),
  emptyRow: (l, r) => {
    const i = int(r, l.length);
    l[i] = (l[i] ?? "").replace(/[^,\r]/g, "");
  },
  corruptNumber: (l, r) => replaceToken(l, r, /-?[$€£]?\d[\d,]*(?:\.\d+)?(?:[eE][-+]?\d+)?/g, () => pick(r, BAD_NUMBERS)),
  corruptDate: (l, r) => replaceToken(l, r, /\d{2,4}[-/]\d{1,2}[-/]\d{1,2}(?:[ T][\d:.]+)?(?:\s*(?:UTC|Z))?|[A-Z][a-z]{2}\.? \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M/g, () => pick(r, BAD_DATES)),
  randomCell: (l, r) => editCell(l, r, () => pick(r, [...BAD_NUMBERS, ...BAD_DATES, ...JUNK])),
  junkLine: (l, r) => void l.splice(int(r, l.length + 1), 0, pick(r, JUNK)),
  hugeCell: (l, r) => editCell(l, r, () => "9".repeat(1 + int(r, 20_000))),
  manyColumns: (l, r) => {
    const i = int(r, l.length);
    l[i] = `${l[i] ?? ""}${",x".repeat(1 + int(r, 500))}`;
  },
  blankLines: (l, r) => void l.splice(int(r, l.length + 1), 0, ...Array.from({ length: 1 + int(r, 30) }, () => "")),
  dropColumn: (l, r) => {
    const c = int(r, 12);
    for (let i = 0; i < l.length; i++) l[i] = (l[i] ?? "").split(",").filter((_, k) => k !== c).join(",");
  },
};

function insertAt(lines: string[], rng: Rng, s: string) {
  const i = int(rng, lines.length);
  const line = lines[i] ?? "";
  const at = int(rng, line.length + 1);
  lines[i] = line.slice(0, at) + s + line.slice(at);
}

/** Naive comma split: a mutation needs to be some edit of the file, not a CSV-faithful one. */
function editCell(lines: string[], rng: Rng, value: () => string) {
  const i = int(rng, lines.length);
  const cells = (lines[i] ?? "").split(",");
  cells[int(rng, cells.length)] = value();
  lines[i] = cells.join(",");
}

function replaceToken(lines: string[], rng: Rng, re: RegExp, value: () => string) {
  const candidates = lines.map((l, i) => [i, [...l.matchAll(re)]] as const).filter(([, m]) => m.length > 0);
  if (candidates.length === 0) return editCell(lines, rng, value);
  const [i, matches] = pick(rng, candidates);
  const m = pick(rng, matches);
  const line = lines[i] ?? "";
  lines[i] = line.slice(0, m.index) + value() + line.slice((m.index ?? 0) + m[0].length);
}

const byteMutations: Record<string, ByteMutation> = {
  truncate: (b, r) => b.subarray(0, int(r, b.length + 1)),
  flipBytes: (b, r) => {
    const out = Buffer.from(b);
    for (let n = 1 + int(r, 8); n > 0 && out.length > 0; n--) out[int(r, out.length)] = r() < 0.5 ? int(r, 256) : (out[int(r, out.length)] ?? 0) ^ (1 << int(r, 8));
    return out;
  },
  invalidUtf8: (b, r) => {
    const at = int(r, b.length + 1);
    return Buffer.concat([b.subarray(0, at), Buffer.from(pick(r, [[0xc3, 0x28], [0xff], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0x80], [0xed, 0xa0, 0x80]])), b.subarray(at)]);
  },
  nulBytes: (b, r) => {
    const at = int(r, b.length + 1);
    return Buffer.concat([b.subarray(0, at), Buffer.alloc(1 + int(r, 16)), b.subarray(at)]);
  },
  addBom: (b) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]),
  stripBom: (b) => (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b),
  toCrlf: (b) => Buffer.from(b.toString("latin1").replace(/\r?\n/g, "\r\n"), "latin1"),
  toCrOnly: (b) => Buffer.from(b.toString("latin1").replace(/\r?\n/g, "\r"), "latin1"),
  toLf: (b) => Buffer.from(b.toString("latin1").replace(/\r\n/g, "\n"), "latin1"),
  mixedEndings: (b, r) => Buffer.from(b.toString("latin1").replace(/\r?\n/g, () => pick(r, ["\n", "\r\n", "\r", "\n\r"])), "latin1"),
  noFinalNewline: (b) => Buffer.from(b.toString("latin1").replace(/[\r\n]+$/, ""), "latin1"),
  utf16le: (b, r) => Buffer.concat([r() < 0.5 ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(b.toString("utf8"), "utf16le")]),
  utf16be: (b) => {
    const le = Buffer.from(b.toString("utf8"), "utf16le");
    return Buffer.concat([Buffer.from([0xfe, 0xff]), le.swap16()]);
  },
  latin1: (b) => Buffer.from(b.toString("utf8").replace(/[^\u0000-\u00ff]/g, "?"), "latin1"),
  doubleEncoded: (b) => Buffer.from(b.toString("latin1"), "utf8"),
  empty: () => Buffer.alloc(0),
};

const LINE_NAMES = Object.keys(lineMutations);
const BYTE_NAMES = Object.keys(byteMutations);

function applyLineMutation(b: Buffer, name: string, rng: Rng): Buffer {
  // Split keeping each line's own ending, so CRLF files stay CRLF.
  const text = b.toString("utf8");
  const parts = text.split(/(?<=\n)/);
  const endings = parts.map((p) => /\r?\n$/.exec(p)?.[0] ?? "");
  const lines = parts.map((p, i) => p.slice(0, p.length - (endings[i] ?? "").length));
  (lineMutations[name] as LineMutation)(lines, rng);
  const eol = endings.find((e) => e) ?? "\n";
  return Buffer.from(lines.map((l, i) => l + (i < lines.length - 1 ? (endings[i] || eol) : (endings[parts.length - 1] ?? ""))).join(""), "utf8");
}

interface FuzzCase {
  n: number;
  file: string;
  steps: string[];
  bytes: Buffer;
  chunkSeed: number;
}

function makeCase(n: number): FuzzCase {
  const rng = prng(SEED ^ Math.imul(n + 1, 0x9e3779b1));
  const file = good[n % good.length] as string;
  let bytes = bytesOf.get(file) as Buffer;
  const steps: string[] = [];
  // Mostly line-level edits (they keep the file recognisable, so the importers' row code runs);
  // byte-level edits, encodings and line endings in about a third of the steps.
  for (let k = 1 + int(rng, 4); k > 0; k--) {
    if (rng() < 0.7) {
      const name = pick(rng, LINE_NAMES);
      steps.push(name);
      bytes = applyLineMutation(bytes, name, rng);
    } else {
      const name = pick(rng, BYTE_NAMES);
      steps.push(name);
      bytes = (byteMutations[name] as ByteMutation)(bytes, rng);
    }
  }
  return { n, file, steps, bytes, chunkSeed: int(rng, 2 ** 31) };
}

// ---------------------------------------------------------------- running one input

/** The bytes as an upload arrives: chunks of random sizes, some of a few bytes (splitting characters and line endings). */
async function* chunked(bytes: Buffer, seed: number): AsyncGenerator<Buffer> {
  const rng = prng(seed);
  const tiny = rng() < 0.3;
  for (let at = 0; at < bytes.length; ) {
    const size = tiny ? 1 + int(rng, 7) : 1 + int(rng, 4096);
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

async function* whole(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

type Result = { outcome: ParseOutcome; ms: number } | { thrown: unknown } | { hung: true };

async function parse(bytes: Buffer, chunkSeed: number | null): Promise<Result> {
  const input = chunkSeed === null ? whole(bytes) : chunked(bytes, chunkSeed);
  let timer: NodeJS.Timeout | undefined;
  const started = performance.now();
  try {
    const outcome = await Promise.race([
      parseLedgerStream(input, { account: "Fuzz" }),
      new Promise<"hung">((resolve) => {
        timer = setTimeout(() => resolve("hung"), PARSE_TIMEOUT_MS);
      }),
    ]);
    return outcome === "hung" ? { hung: true } : { outcome, ms: performance.now() - started };
  } catch (e) {
    return { thrown: e };
  } finally {
    clearTimeout(timer);
  }
}

/** Lines in the file as any reader would count them (LF, CRLF or a lone CR end a line). */
function lineCount(bytes: Buffer): number {
  let n = 1;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) n++;
    else if (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a) n++;
  }
  return n;
}

/** numeric(38,18): 20 integer digits. */
const MAX_STORABLE = "1e20";
const KINDS = new Set<string>(TX_KINDS);

/** What is wrong with one outcome, as short sentences (empty when it is a clean parse or a clean refusal). */
function violations(result: Result, bytes: Buffer): string[] {
  if ("hung" in result) return [`no answer within ${PARSE_TIMEOUT_MS} ms (hang)`];
  if ("thrown" in result) return [`threw: ${result.thrown instanceof Error ? (result.thrown.stack ?? result.thrown.message) : String(result.thrown)}`];
  const r = result.outcome;
  const lines = lineCount(bytes);
  const out: string[] = [];
  if (result.ms > PARSE_TIMEOUT_MS / 2) out.push(`took ${result.ms.toFixed(0)} ms`);
  if (typeof r !== "object" || r === null || typeof r.ok !== "boolean") return [`not an outcome: ${JSON.stringify(r)}`];
  if (r.ok) {
    if ("errors" in r) out.push("ok outcome carries errors");
    const ids = new Set<string>();
    for (const e of r.entries) {
      const at = `entry from line ${e.sourceLine}`;
      if (!Number.isInteger(e.sourceLine) || (e.sourceLine ?? 0) < 1 || (e.sourceLine ?? 0) > lines) out.push(`${at}: source line outside the file (${lines} lines)`);
      if (!(e.time instanceof Date) || Number.isNaN(e.time.getTime())) out.push(`${at}: invalid time`);
      else if (!/^\d{4}-/.test(e.time.toISOString())) out.push(`${at}: time ${e.time.toISOString()} outside years 0000-9999`);
      if (!KINDS.has(e.kind)) out.push(`${at}: unknown kind ${e.kind}`);
      if (!e.externalId) out.push(`${at}: no externalId`);
      const key = `${e.account}|${e.externalId}`;
      if (ids.has(key)) out.push(`${at}: duplicate id ${e.externalId}`);
      ids.add(key);
      const legs: [string, Decimal | null, string | null][] = [
        ["sent", e.sentAmount, e.sentAsset],
        ["received", e.receivedAmount, e.receivedAsset],
        ["fee", e.feeAmount, e.feeAsset],
        ["fiat", e.fiatValue, e.fiatCurrency],
      ];
      for (const [leg, amount, asset] of legs) {
        if ((amount === null) !== (asset === null)) out.push(`${at}: ${leg} amount and asset disagree`);
        if (asset !== null && asset.trim() === "") out.push(`${at}: ${leg} asset is blank`);
        if (amount === null) continue;
        if (!amount.isFinite()) out.push(`${at}: ${leg} amount ${amount.toFixed()} is not finite`);
        else if (amount.isNeg() && !amount.isZero()) out.push(`${at}: ${leg} amount is negative`);
        else if (amount.abs().gte(MAX_STORABLE)) out.push(`${at}: ${leg} amount ${amount.toFixed()} does not fit numeric(38,18)`);
      }
      if (!e.sentAmount && !e.receivedAmount && !e.feeAmount) out.push(`${at}: moves nothing`);
    }
    for (const s of r.skipped) if (!Number.isInteger(s.line) || s.line < 1 || s.line > lines || !s.reason) out.push(`skip without a line: ${JSON.stringify(s)}`);
  } else {
    if ("entries" in r) out.push("refusal carries entries (partial import)");
    if (!Array.isArray(r.errors) || r.errors.length === 0) out.push("refusal without errors");
    for (const e of r.errors ?? []) {
      if (!Number.isInteger(e.line) || e.line < 1 || e.line > lines + 1) out.push(`issue without a line in the file (${lines} lines): ${JSON.stringify(e)}`);
      if (typeof e.reason !== "string" || e.reason.trim() === "") out.push(`issue without a reason: ${JSON.stringify(e)}`);
      else if (/^internal error/.test(e.reason)) out.push(`a row handler threw: line ${e.line}: ${e.reason}`);
    }
  }
  return out;
}

const clip = (s: string) => (s.length > 400 ? `${s.slice(0, 400)}…` : s);

/** The outcome as JSON (Decimals and Dates as strings), to compare one input cut two ways. */
const comparable = (r: Result) => JSON.stringify("outcome" in r ? r.outcome : r, (_k, v: unknown) => (v && typeof v === "object" && "toFixed" in v && "isFinite" in v ? String(v) : v));

// ---------------------------------------------------------------- watchdog for synchronous hangs

/** Progress counter shared with a watchdog thread: a parse stuck in a synchronous loop never yields to the timer in `parse`. */
const progress = new Int32Array(new SharedArrayBuffer(12)); // [ticks, done, case number (-1: a broken fixture)]
let watchdog: Worker | null = null;
let current = "";

beforeAll(() => {
  const code = `
    const { workerData } = require("node:worker_threads");
    const fs = require("node:fs");
    const p = workerData.progress;
    for (;;) {
      const seen = Atomics.load(p, 0);
      if (Atomics.load(p, 1) === 1) break;
      if (Atomics.wait(p, 0, seen, workerData.ms) === "timed-out" && Atomics.load(p, 1) !== 1) {
        fs.writeSync(2, "\\n[fuzz] no progress for " + workerData.ms + " ms: case " + Atomics.load(p, 2) + " (seed " + workerData.seed + ") is stuck in a synchronous loop\\n");
        process.kill(process.pid, "SIGKILL");
      }
    }`;
  watchdog = new Worker(code, { eval: true, workerData: { progress, ms: WATCHDOG_MS, seed: SEED } });
  watchdog.unref();
});

afterAll(async () => {
  Atomics.store(progress, 1, 1);
  Atomics.notify(progress, 0);
  await watchdog?.terminate();
});

function tick(label: string, n = -1) {
  current = label;
  Atomics.store(progress, 2, n);
  Atomics.add(progress, 0, 1);
  Atomics.notify(progress, 0);
}

// ---------------------------------------------------------------- the tests

/** The fixture with `edit` applied to its numbered lines (1-based), joined with `eol`. */
function edited(file: string, edit: (line: string, n: number) => string, eol = "\n"): Buffer {
  const lines = (bytesOf.get(file) as Buffer).toString("utf8").replace(/\r?\n$/, "").split(/\r?\n/);
  return Buffer.from(lines.map((l, i) => edit(l, i + 1)).join(eol) + eol);
}

describe("regressions the fuzzing found (fixed in lib/importers)", () => {
  it("a file mixing LF and CRLF lines reports rows at the lines an editor shows", async () => {
    // Line 2 ends in CRLF, the rest in LF; line 4's amount is bad.
    const lines = edited("binance/binance_trade_history.csv", (l, n) => (n === 4 ? l.replace("0.18000000ETH", "abcETH") : l)).toString().split("\n");
    const bytes = Buffer.from(lines.map((l, i) => (i === 1 ? `${l}\r` : l)).join("\n"));
    const r = await parse(bytes, null);
    expect("outcome" in r && !r.outcome.ok && r.outcome.errors.map((e) => e.line)).toEqual([4]);
  });

  it("a quote left open at the end refuses the file with the same issues however the upload is chunked", async () => {
    const bytes = Buffer.concat([edited("kraken/trades.csv", (l, n) => (n === 3 ? l.replace("0.18520000", "x") : l)), Buffer.from('"TOPEN,never closed\n')]);
    const whole = await parse(bytes, null);
    for (const seed of [1, 2, 3]) expect(comparable(await parse(bytes, seed))).toBe(comparable(whole));
    expect("outcome" in whole && !whole.outcome.ok && whole.outcome.errors.map((e) => e.line)).toEqual([3, 6]);
  });

  it("an amount too large for numeric(38,18) is a line error, not a database failure at commit", async () => {
    const r = await parse(edited("binance/binance_trade_history.csv", (l, n) => (n === 2 ? l.replace("0.00470000BTC", "123456789012345678901.5BTC") : l)), null);
    expect("outcome" in r && !r.outcome.ok && r.outcome.errors).toEqual([{ line: 2, reason: expect.stringMatching(/too large/) }]);
  });

  it("a Crypto.com card top-up without its native currency is a line error, not a leg with a blank asset", async () => {
    const r = await parse(edited("cryptocom/crypto_com_app_special_events.rotki.csv", (l) => (l.endsWith(",card_top_up") ? l.replace(",EUR,", ",,") : l)), null);
    expect("outcome" in r && !r.outcome.ok && r.outcome.errors).toEqual([{ line: 16, column: "Native Amount", reason: "card_top_up without a native amount" }]);
  });
});

describe("importer fuzzing: a clean parse or line-level errors, never a throw, a hang or a partial import", { timeout: 180_000 }, () => {
  it.each(broken)("%s is refused with line-numbered issues, whole and in chunks", async (file) => {
    const bytes = bytesOf.get(file) as Buffer;
    for (const chunkSeed of [null, 1, 2, 3]) {
      tick(`${file} chunks ${chunkSeed}`);
      const r = await parse(bytes, chunkSeed);
      expect(violations(r, bytes)).toEqual([]);
      expect("outcome" in r && r.outcome.ok).toBe(false);
    }
  });

  it(`${ONLY === null ? CASES.toLocaleString("en-US") : `case ${ONLY} of the`} seeded mutations of the ${good.length} good fixtures (seed ${SEED})`, async () => {
    const failures: string[] = [];
    const kinds = { ok: 0, refused: 0 };
    let slowest = { ms: 0, label: "" };
    const range = ONLY === null ? Array.from({ length: CASES }, (_, n) => n) : [ONLY];
    for (const n of range) {
      const c = makeCase(n);
      const label = `case ${n} (${c.file}: ${c.steps.join(" → ")})`;
      tick(label, n);
      const r = await parse(c.bytes, c.chunkSeed);
      const problems = violations(r, c.bytes);
      // Every 8th case also goes in as one chunk: how the bytes are cut must not change the outcome.
      if (problems.length === 0 && n % 8 === 0) {
        const whole = await parse(c.bytes, null);
        if (comparable(whole) !== comparable(r)) problems.push(`the outcome depends on chunking: ${comparable(whole)} vs ${comparable(r)}`);
      }
      if ("outcome" in r) {
        kinds[r.outcome.ok ? "ok" : "refused"]++;
        if (r.ms > slowest.ms) slowest = { ms: r.ms, label };
      }
      if (problems.length > 0 && process.env.FUZZ_DUMP) writeFileSync(path.join(process.env.FUZZ_DUMP, `case-${n}.csv`), c.bytes);
      if (problems.length > 0) failures.push(`${label}: ${problems.slice(0, 3).map(clip).join("; ")}`);
      if (failures.length >= 25) break;
    }
    // One line a reviewer can read in the test output: the mix proves the mutations reach both branches.
    console.info(`[fuzz] seed ${SEED}: ${kinds.ok} clean parses, ${kinds.refused} refusals; slowest ${slowest.ms.toFixed(0)} ms: ${slowest.label}`);
    expect(failures, `reproduce one with FUZZ_SEED=${SEED} FUZZ_ONLY=<case>; last started: ${current}`).toEqual([]);
    if (ONLY === null && CASES >= 1000) {
      expect(kinds.ok).toBeGreaterThan(CASES / 20);
      expect(kinds.refused).toBeGreaterThan(CASES / 20);
    }
  });
});
