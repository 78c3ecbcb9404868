/**
 * Tax engine benchmark: 1,000,000 generated ledger rows (50 assets, 4 accounts; buys, sells,
 * crypto-to-crypto trades, staking income, transfers between own accounts, fee-only rows) written
 * as a universal CSV, then timed: (a) parsing the CSV into ledger entries, (b) the US engine with
 * FIFO, (c) with HIFO. Targets on a 2-core machine: FIFO < 5 s, HIFO <= 2x FIFO, peak RSS < 1.5 GB,
 * engine <= 3x parsing. Deterministic (seeded PRNG). Transfer fees are valued from a generated daily
 * price table, as the CLI would from --prices. Run: `tsx bench/engine.bench.ts [rows] [--csv-out FILE]`.
 */
import Decimal from "decimal.js";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { join } from "node:path";
import { parseUniversalCsv } from "../lib/ledger/universal";
import type { LedgerEntry } from "../lib/ledger/types";
import { PriceTable } from "../lib/pricing/types";
import { computeTax } from "../lib/tax/engine";
import { prng } from "./prng";

const ROWS = Number.parseInt(process.argv[2] ?? "1000000", 10);
/** `--csv-out FILE`: only write the generated ledger (for profiling) and exit. */
const CSV_OUT = process.argv.indexOf("--csv-out") > 0 ? process.argv[process.argv.indexOf("--csv-out") + 1] : undefined;
const ASSETS = 50;
const ACCOUNTS = ["Exchange A", "Exchange B", "Wallet 1", "Wallet 2"];
const UNIT = 100_000_000; // amounts are generated as integers of 1e-8 units


const units = (u: number): string => `${Math.floor(u / UNIT)}.${String(u % UNIT).padStart(8, "0")}`;
const usd = (x: number): string => x.toFixed(2);
const pad = (n: number) => String(n).padStart(2, "0");
function stamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Writes the ledger; returns the number of rows written and a daily USD price table (to value transfer fees). */
export function generate(path: string, rows: number): { rows: number; prices: PriceTable } {
  const rnd = prng(20240601);
  const assets = Array.from({ length: ASSETS }, (_, i) => `C${String(i).padStart(2, "0")}`);
  const price = assets.map((_, i) => 1 + 1000 * ((i * 7919) % 97) / 97);
  const balance = assets.map(() => ACCOUNTS.map(() => 0));
  const fd = openSync(path, "w");
  let buf: string[] = ["Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Label,Description,TxHash,Account"];
  const flush = () => {
    writeSync(fd, `${buf.join("\n")}\n`);
    buf = [];
  };
  const start = Date.UTC(2021, 0, 1);
  const step = Math.floor((Date.UTC(2025, 11, 31) - start) / rows);
  let written = 0;
  let t = start;
  let tx = 0;
  const prices = new PriceTable("bench daily close");
  let day = -1;
  while (written < rows) {
    t += step;
    if (Math.floor(t / 86_400_000) !== day) {
      day = Math.floor(t / 86_400_000);
      const at = new Date(day * 86_400_000);
      for (let k = 0; k < ASSETS; k++) prices.add(assets[k] as string, "USD", at, new Decimal((price[k] as number).toFixed(6)));
    }
    const a = Math.floor(rnd() * ASSETS);
    const acc = Math.floor(rnd() * ACCOUNTS.length);
    const account = ACCOUNTS[acc] as string;
    const asset = assets[a] as string;
    const bal = balance[a] as number[];
    price[a] = (price[a] as number) * (1 + (rnd() - 0.5) * 0.02);
    const p = price[a] as number;
    const r = rnd();
    const held = bal[acc] as number;
    if (r < 0.34 || held < 1000) {
      // buy with USD, USD fee
      const u = Math.floor((0.05 + rnd() * 2) * UNIT);
      bal[acc] = held + u;
      const cost = (u / UNIT) * p;
      buf.push(`${stamp(t)},${usd(cost)},USD,${units(u)},${asset},${usd(cost * 0.001)},USD,${usd(cost)},USD,,,,${account}`);
      written++;
    } else if (r < 0.58) {
      // sell part of the holding for USD; half pay the fee in the asset sold
      const u = Math.floor(held * (0.05 + rnd() * 0.4));
      const feeInAsset = rnd() < 0.5;
      const fee = feeInAsset ? Math.floor(u * 0.001) : 0;
      bal[acc] = held - u - fee;
      const value = (u / UNIT) * p;
      buf.push(feeInAsset ? `${stamp(t)},${units(u)},${asset},${usd(value)},USD,${units(fee)},${asset},${usd(value)},USD,,,,${account}` : `${stamp(t)},${units(u)},${asset},${usd(value)},USD,${usd(value * 0.001)},USD,${usd(value)},USD,,,,${account}`);
      written++;
    } else if (r < 0.74) {
      // crypto-to-crypto trade valued by Net Worth
      const b = (a + 1 + Math.floor(rnd() * (ASSETS - 1))) % ASSETS;
      const u = Math.floor(held * (0.05 + rnd() * 0.4));
      bal[acc] = held - u;
      const value = (u / UNIT) * p;
      const v = Math.max(1, Math.floor((value / (price[b] as number)) * UNIT));
      (balance[b] as number[])[acc] = ((balance[b] as number[])[acc] as number) + v;
      buf.push(`${stamp(t)},${units(u)},${asset},${units(v)},${assets[b]},,,${usd(value)},USD,,,,${account}`);
      written++;
    } else if (r < 0.84) {
      // staking income at Net Worth
      const u = Math.floor((0.001 + rnd() * 0.05) * UNIT);
      bal[acc] = held + u;
      buf.push(`${stamp(t)},,,${units(u)},${asset},,,${usd((u / UNIT) * p)},USD,staking,,,${account}`);
      written++;
    } else if (r < 0.98 && written + 2 <= rows) {
      // transfer to another own account: two rows sharing a tx hash, fee in the asset
      const to = (acc + 1 + Math.floor(rnd() * (ACCOUNTS.length - 1))) % ACCOUNTS.length;
      const u = Math.floor(held * (0.2 + rnd() * 0.5));
      const fee = Math.floor(u * 0.0005);
      bal[acc] = held - u - fee;
      (bal as number[])[to] = (bal[to] as number) + u;
      const hash = `0x${(tx++).toString(16).padStart(12, "0")}`;
      buf.push(`${stamp(t)},${units(u)},${asset},,,${units(fee)},${asset},,,,,${hash},${account}`);
      buf.push(`${stamp(t + 60_000)},,,${units(u)},${asset},,,,,,,${hash},${ACCOUNTS[to]}`);
      written += 2;
    } else {
      // fee-only row (failed transaction gas) valued by Net Worth
      const fee = Math.max(1, Math.floor(held * 0.0001));
      bal[acc] = held - fee;
      buf.push(`${stamp(t)},,,,,${units(fee)},${asset},${usd((fee / UNIT) * p)},USD,,,,${account}`);
      written++;
    }
    if (buf.length >= 20_000) flush();
  }
  flush();
  closeSync(fd);
  return { rows: written, prices };
}

/**
 * A full GC between phases, so each phase starts from a clean heap and is not charged for the
 * previous phase's garbage (standard benchmark hygiene; the timed code never calls it).
 */
setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

function rate(rows: number, ms: number): string {
  return Math.round(rows / (ms / 1000)).toLocaleString("en-US");
}

/**
 * Runs `f`, returning its result with wall and CPU time (this process, every thread: GC helpers
 * included). On a shared machine the wall time also counts other processes' turns on the cores;
 * the CPU time shows how much of it was this phase's own work.
 */
function timed<T>(f: () => T): { value: T; ms: number; cpuMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, ms, cpuMs: (c.user + c.system) / 1000 };
}

function load(): string {
  return `load average ${loadavg()[0]?.toFixed(2)} on ${availableParallelism()} cores`;
}

function main(): void {
  if (CSV_OUT) {
    generate(CSV_OUT, ROWS);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "lotwise-bench-"));
  const file = join(dir, "ledger.csv");
  try {
    const g0 = performance.now();
    const { rows, prices } = generate(file, ROWS);
    const g1 = performance.now();
    console.log(`engine bench: ${rows.toLocaleString("en-US")} rows, ${ASSETS} assets, ${ACCOUNTS.length} accounts (generated in ${seconds(g1 - g0)} s)`);

    console.log(`before parsing: ${load()}`);
    const parse = timed(() => parseUniversalCsv(readFileSync(file, "utf8")));
    const parsed = parse.value;
    if (!parsed.ok) throw new Error(`generated CSV did not parse: ${JSON.stringify(parsed.issues.slice(0, 3))}`);
    const entries: LedgerEntry[] = parsed.entries;
    const parseMs = parse.ms;
    // Warm-up on a slice so the timings below measure optimised code, not the JIT's first pass.
    const slice = entries.slice(0, Math.min(entries.length, 20_000));
    computeTax(slice, { jurisdiction: "us", method: "fifo", prices: prices.lookup });
    computeTax(slice, { jurisdiction: "us", method: "hifo", prices: prices.lookup });
    collect();
    // The parse phase alone sets a floor under the peak (the CSV text, the parser's records and the
    // entries); shown so the engine's share of the peak can be read off.
    const parseRssMb = process.resourceUsage().maxRSS / 1024;
    console.log(`parse CSV -> entries: ${seconds(parseMs)} s, CPU ${seconds(parse.cpuMs)} s  (${rate(rows, parseMs)} rows/s; peak RSS so far ${parseRssMb.toFixed(0)} MB)`);

    // Only the counts are kept, so each result is garbage once its run ends.
    const counts = (r: ReturnType<typeof computeTax>) => `${r.disposals.length.toLocaleString("en-US")} disposal lines, ${r.warnings.length} warnings`;
    console.log(`before FIFO: ${load()}`);
    const fifo = timed(() => counts(computeTax(entries, { jurisdiction: "us", method: "fifo", prices: prices.lookup })));
    const fifoMs = fifo.ms;
    console.log(`FIFO engine:  ${seconds(fifoMs)} s, CPU ${seconds(fifo.cpuMs)} s  (${rate(rows, fifoMs)} rows/s; ${fifo.value})`);
    collect();

    console.log(`before HIFO: ${load()}`);
    const hifo = timed(() => counts(computeTax(entries, { jurisdiction: "us", method: "hifo", prices: prices.lookup })));
    const hifoMs = hifo.ms;
    console.log(`HIFO engine:  ${seconds(hifoMs)} s, CPU ${seconds(hifo.cpuMs)} s  (${rate(rows, hifoMs)} rows/s; ${hifo.value})`);
    console.log(`after HIFO: ${load()}`);

    const rssMb = process.resourceUsage().maxRSS / 1024;
    const hifoRatio = hifoMs / fifoMs;
    const engineRatio = fifoMs / parseMs;
    const verdict = (ok: boolean) => (ok ? "PASS" : "MISS");
    console.log(`peak RSS:     ${rssMb.toFixed(0)} MB`);
    console.log(`HIFO/FIFO:    ${hifoRatio.toFixed(2)}x`);
    console.log(`engine/parse: ${engineRatio.toFixed(2)}x (FIFO time / parse time)`);
    const scale = rows / 1_000_000;
    console.log(`${verdict(fifoMs < 5000 * scale)} FIFO over ${rows.toLocaleString("en-US")} rows < ${(5 * scale).toFixed(2)} s`);
    console.log(`${verdict(hifoRatio <= 2)} HIFO within 2x of FIFO`);
    console.log(`${verdict(rssMb < 1536)} peak RSS < 1.5 GB`);
    console.log(`${verdict(engineRatio <= 3)} engine within 3x of parsing`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The generated ledger parsed, with its price table (bench/engine-hashes.ts checks the engine's output on it). */
export function generatedLedger(rows: number): { entries: LedgerEntry[]; prices: PriceTable } {
  const dir = mkdtempSync(join(tmpdir(), "lotwise-ledger-"));
  try {
    const file = join(dir, "ledger.csv");
    const { prices } = generate(file, rows);
    const parsed = parseUniversalCsv(readFileSync(file, "utf8"));
    if (!parsed.ok) throw new Error(`generated CSV did not parse: ${JSON.stringify(parsed.issues.slice(0, 3))}`);
    return { entries: parsed.entries, prices };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run as a bench; bench/engine-hashes.ts imports the generator without running it.
if (require.main === module) main();
