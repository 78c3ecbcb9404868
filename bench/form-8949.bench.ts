/**
 * Form 8949 PDF benchmark: 10,000 synthetic US disposals in tax year 2025 (60% short-term, one lot
 * each, gains and losses), rows built with `build8949Rows`, then the 2025 form rendered with
 * `render8949Pdf` (11 rows a Part: 900+ pages). Prints seconds, pages, bytes and peak RSS, and
 * PASS/MISS against the 15 s target; memory is reported for a tenth of the rows too, to show it
 * stays flat as the page count grows. Deterministic (seeded PRNG).
 * Run: `tsx bench/form-8949.bench.ts [disposals] [--flatten]`.
 */
import { PDFDocument } from "pdf-lib";
import { D, ZERO } from "../lib/tax/decimal";
import type { DisposalLine, TaxResult } from "../lib/tax/types";
import { build8949Rows, render8949Pdf } from "../lib/reports/form-8949";
import type { ReportMeta } from "../lib/reports/report-meta";
import { prng } from "./prng";

const COUNT = Number.parseInt(process.argv.find((a) => /^\d+$/.test(a)) ?? "10000", 10);
const FLATTEN = process.argv.includes("--flatten");
const TARGET_S = 15;


function disposals(n: number): DisposalLine[] {
  const rnd = prng(8949);
  const assets = ["BTC", "ETH", "SOL", "ADA", "DOGE", "MATIC", "AVAX", "LINK"];
  const out: DisposalLine[] = [];
  const start = Date.UTC(2025, 0, 1);
  for (let i = 0; i < n; i++) {
    const short = rnd() < 0.6;
    const disposedAt = new Date(start + Math.floor((i / n) * 364 * 86_400_000));
    const acquiredAt = new Date(disposedAt.getTime() - (short ? 1 + Math.floor(rnd() * 300) : 400 + Math.floor(rnd() * 900)) * 86_400_000);
    const asset = assets[Math.floor(rnd() * assets.length)] as string;
    const amount = new D(Math.floor(rnd() * 1e8) + 1).div(1e8);
    const costBasis = new D(Math.floor(rnd() * 5_000_000)).div(100);
    const proceeds = costBasis.times(new D(0.5 + rnd())).toDecimalPlaces(2);
    const id = `tx-${i}`;
    out.push({
      disposalId: id,
      entries: [id],
      kind: "sale",
      asset,
      amount,
      account: "Exchange A",
      acquiredAt,
      disposedAt,
      proceeds,
      costBasis,
      gain: proceeds.minus(costBasis),
      term: short ? "short" : "long",
      rule: "fifo",
      lots: [{ id: `buy-${i}`, externalId: `buy-${i}`, account: "Exchange A", acquiredAt, amount, costBasis, basisMissing: false }],
      prices: [],
      basisMissing: false,
      priceMissing: false,
      taxYear: 2025,
    });
  }
  return out;
}

function result(lines: DisposalLine[]): TaxResult {
  return {
    settings: { jurisdiction: "us", method: "fifo", currency: "USD", timeZone: "UTC", year: 2025, transferFee: "dispose", lotScope: "auto" },
    disposals: lines,
    income: [],
    removals: [],
    openLots: [],
    balances: [],
    warnings: [],
    totals: { proceeds: ZERO, costBasis: ZERO, gain: ZERO, shortTermGain: ZERO, longTermGain: ZERO, income: ZERO },
    summary: [],
    allocations: [],
  };
}

const meta: ReportMeta = {
  jurisdiction: "us",
  method: "fifo",
  taxYear: 2025,
  generatedAt: new Date(Date.UTC(2026, 1, 1, 9, 30)),
  ledgerFingerprint: `sha256:${"ab".repeat(32)}`,
  taxpayerName: "Jordan Q. Bench",
  currency: "USD",
};

async function run(n: number): Promise<{ seconds: number; rowsSeconds: number; pages: number; bytes: number; rssMb: number }> {
  const lines = disposals(n);
  const t0 = process.hrtime.bigint();
  const rows = build8949Rows(result(lines), { year: 2025 });
  const t1 = process.hrtime.bigint();
  const pdf = await render8949Pdf(rows, meta, { flatten: FLATTEN });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const pages = rows.groups.reduce((s, g) => s + Math.ceil(g.rows.length / rows.rowsPerPage), 0);
  return { seconds, rowsSeconds: Number(t1 - t0) / 1e9, pages, bytes: pdf.length, rssMb: process.resourceUsage().maxRSS / 1024 };
}

async function main(): Promise<void> {
  const small = await run(Math.max(1, Math.floor(COUNT / 10)));
  console.log(`warm-up ${Math.floor(COUNT / 10)} disposals: ${small.seconds.toFixed(2)} s, ${small.pages} pages, ${(small.bytes / 1e6).toFixed(1)} MB, peak RSS ${small.rssMb.toFixed(0)} MB`);
  const r = await run(COUNT);
  console.log(`Form 8949 (2025${FLATTEN ? ", flattened" : ", fillable"}): ${COUNT} disposals -> ${r.pages} pages, ${(r.bytes / 1e6).toFixed(1)} MB in ${r.seconds.toFixed(2)} s (rows ${r.rowsSeconds.toFixed(2)} s, PDF ${(r.seconds - r.rowsSeconds).toFixed(2)} s); peak RSS ${r.rssMb.toFixed(0)} MB`);
  console.log(r.seconds < TARGET_S ? `PASS (< ${TARGET_S} s)` : `MISS (>= ${TARGET_S} s)`);
  if (process.argv.includes("--check")) {
    const t0 = Date.now();
    const doc = await PDFDocument.load(await render8949Pdf(build8949Rows(result(disposals(COUNT)), { year: 2025 }), meta, { flatten: FLATTEN }));
    console.log(`check: pdf-lib reads ${doc.getPageCount()} pages back in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  if (r.seconds >= TARGET_S) process.exitCode = 1;
}

void main();
