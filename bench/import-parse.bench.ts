/**
 * Streams a generated 100,000-row Binance trade-history export through the importer, then stores it
 * in Postgres as one import (the upload route's path), and prints rows/second for parse and for
 * parse + validate + store end to end (target: under 15 s), and peak RSS.
 * Run: `npm run bench -- import` or `node --conditions=react-server --import tsx bench/import-parse.bench.ts [rows]`.
 * The file is deterministic (fixed-seed generator) and written to a temp dir, then removed.
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseLedgerFile } from "../lib/importers";
import { withBenchDatabase } from "./bench-db";
import { prng } from "./prng";

const ROWS = process.argv[2] ? parseInt(process.argv[2], 10) : 100_000;


const PAIRS = [
  ["BTC", "USDT", 42_000],
  ["ETH", "USDT", 2_300],
  ["ETH", "BTC", 0.054],
  ["SOL", "USDT", 110],
  ["BNB", "EUR", 290],
  ["SOL", "BTC", 0.0021],
] as const;

/** Fixed-point text with `places` decimals from integer math, the way Binance prints amounts. */
function fixed(units: bigint, places: number): string {
  const s = units.toString().padStart(places + 1, "0");
  return `${s.slice(0, -places)}.${s.slice(-places)}`;
}

function grouped(text: string): string {
  const [int = "0", frac] = text.split(".");
  const g = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return frac === undefined ? g : `${g}.${frac}`;
}

async function generate(file: string, rows: number): Promise<void> {
  const next = prng(20240101);
  const out = createWriteStream(file);
  out.write("Date(UTC),Pair,Side,Price,Executed,Amount,Fee\n");
  let t = Date.UTC(2024, 0, 1);
  for (let i = 0; i < rows; i++) {
    t += 1000 + Math.floor(next() * 600_000);
    const [base, quote, price] = PAIRS[Math.floor(next() * PAIRS.length)] ?? PAIRS[0];
    const qtyUnits = BigInt(1 + Math.floor(next() * 5_000_000)); // 0.00000001 .. 0.05 base
    const priceUnits = BigInt(Math.round(price * 1e8));
    const amountUnits = (qtyUnits * priceUnits) / 100_000_000n;
    const amount = `${grouped(fixed(amountUnits, 8))}${quote}`;
    const feeUnits = qtyUnits / 1000n;
    const side = next() < 0.5 ? "BUY" : "SELL";
    const date = new Date(t).toISOString().replace("T", " ").slice(0, 19);
    const line = `${date},${base}${quote},${side},${fixed(priceUnits, 8)},${fixed(qtyUnits, 8)}${base},${amount.includes(",") ? `"${amount}"` : amount},${fixed(feeUnits, 8)}${base}\n`;
    if (!out.write(line)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "lotwise-bench-"));
  const file = path.join(dir, "binance_trade_history.csv");
  try {
    await generate(file, ROWS);
    const size = statSync(file).size;
    let lastRows = 0;
    const start = process.hrtime.bigint();
    const outcome = await parseLedgerFile(file, { onProgress: (p) => (lastRows = p.rows) });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (!outcome.ok) throw new Error(`bench file refused: ${JSON.stringify(outcome.errors.slice(0, 3))}`);
    const peakMb = process.resourceUsage().maxRSS / 1024;
    console.log(`file: ${ROWS} rows, ${(size / 1e6).toFixed(1)} MB (${outcome.format.id})`);
    console.log(`entries: ${outcome.entries.length}, rows reported by onProgress: ${lastRows}`);
    console.log(`parse: ${seconds.toFixed(2)} s, ${Math.round(ROWS / seconds)} rows/s`);
    console.log(`peak RSS after parse: ${peakMb.toFixed(0)} MB`);

    await withBenchDatabase(async () => {
      const { commitImport } = await import("../lib/db/imports");
      const { createUserWithPassword } = await import("../lib/db/users");
      const { prisma } = await import("../lib/db/prisma");
      const user = await createUserWithPassword({ email: "bench@example.test", name: null, passwordHash: "x" });
      if (user === "email-taken") throw new Error("unexpected");
      const t0 = process.hrtime.bigint();
      const parsed = await parseLedgerFile(file);
      if (!parsed.ok) throw new Error("refused");
      const summary = await commitImport(user.id, { walletName: "Binance", exchange: "Binance", fileName: "bench.csv", format: parsed.format.id, rowsRead: parsed.rowsRead, skippedRows: parsed.skipped.length, entries: parsed.entries });
      const total = Number(process.hrtime.bigint() - t0) / 1e9;
      console.log(`parse + validate + store: ${total.toFixed(2)} s end to end, ${Math.round(ROWS / total)} rows/s, ${summary.created} rows stored (target < 15 s: ${total < 15 ? "PASS" : "MISS"})`);
      const again = Number(process.hrtime.bigint());
      const dup = await commitImport(user.id, { walletName: "Binance", exchange: "Binance", fileName: "bench.csv", format: parsed.format.id, rowsRead: parsed.rowsRead, skippedRows: 0, entries: parsed.entries });
      console.log(`re-upload of the same file: ${dup.created} new, ${dup.alreadyImported} already imported, ${((Number(process.hrtime.bigint()) - again) / 1e9).toFixed(2)} s`);
      console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
      await prisma.$disconnect();
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
