/**
 * The engine's output, fingerprinted: the gate for engine speed work, which must not change a byte.
 * SHA-256 of the result codec's text (lib/tax/result-codec.ts: every field, Decimals with their
 * constructor) and of the CLI JSON (result-json.ts), for the engine bench's 1M-row ledger (US FIFO
 * and HIFO) and its first 100,000 rows under 22 settings (methods, lot scopes, transfer-fee
 * treatments, years, specific picks valid and not, a time zone, UK, DE), plus short prefixes.
 *
 * Run: `npx tsx bench/engine-hashes.ts [--quick]` compares with bench/engine-hashes.txt (exit 1 on
 * any difference); `--write` records the current output there. `--quick` skips the 1M-row runs
 * (~2 minutes instead of ~4). Not a *.bench.ts: `npm run bench` does not run it.
 */
import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import Decimal from "decimal.js";
import type { LedgerEntry } from "../lib/ledger/types";
import { computeTax } from "../lib/tax/engine";
import { encodeRecords, encodeResultRest, RECORD_ARRAYS } from "../lib/tax/result-codec";
import { resultJsonText } from "../lib/tax/result-json";
import type { LotPick, TaxResult, TaxSettings } from "../lib/tax/types";
import { generatedLedger } from "./engine.bench";

const BASELINE = path.join(__dirname, "engine-hashes.txt");

function codecHash(r: TaxResult): string {
  const h = createHash("sha256");
  for (const kind of RECORD_ARRAYS) {
    const recs = r[kind] as readonly unknown[];
    h.update(`${kind}:${recs.length}\n`);
    for (let i = 0; i < recs.length; i += 20_000) for (const t of encodeRecords(kind, recs.slice(i, i + 20_000) as never)) h.update(`${t}\n`);
  }
  h.update(encodeResultRest(r));
  return h.digest("hex").slice(0, 24);
}

const jsonHash = (r: TaxResult) => createHash("sha256").update(resultJsonText(r)).digest("hex").slice(0, 24);

/** Specific-id picks: every 40th crypto disposal picks the latest and the first lot of its asset, and a middle one or an unknown id. */
function picksFor(entries: readonly LedgerEntry[]): Record<string, LotPick[]> {
  const byAsset = new Map<string, string[]>();
  const out: Record<string, LotPick[]> = {};
  let n = 0;
  for (const e of [...entries].sort((a, b) => a.time.getTime() - b.time.getTime())) {
    if (e.sentAsset && e.sentAsset !== "USD") {
      const ids = byAsset.get(e.sentAsset);
      if (ids && n++ % 40 === 0) {
        out[e.externalId] = [{ lotId: ids[ids.length - 1] as string, amount: n % 80 === 1 ? new Decimal("0.01") : undefined } as LotPick, { lotId: ids[0] as string }, { lotId: n % 3 === 0 ? "nope" : (ids[Math.floor(ids.length / 2)] as string) }];
      }
    }
    if (e.receivedAsset && e.receivedAsset !== "USD") {
      let ids = byAsset.get(e.receivedAsset);
      if (!ids) byAsset.set(e.receivedAsset, (ids = []));
      ids.push(e.externalId);
    }
  }
  return out;
}

function* fingerprints(quick: boolean): Generator<string> {
  if (!quick) {
    const big = generatedLedger(1_000_000);
    for (const method of ["fifo", "hifo"] as const) {
      const r = computeTax(big.entries, { jurisdiction: "us", method, prices: big.prices.lookup });
      yield `1M us ${method}: codec ${codecHash(r)} lines ${r.disposals.length} warnings ${r.warnings.length}`;
    }
  }
  const small = generatedLedger(100_000);
  const p = small.prices.lookup;
  const picks = picksFor(small.entries);
  const matrix: [string, TaxSettings][] = [
    ["us fifo", { jurisdiction: "us", method: "fifo", prices: p }],
    ["us lifo", { jurisdiction: "us", method: "lifo", prices: p }],
    ["us hifo", { jurisdiction: "us", method: "hifo", prices: p }],
    ["us fifo no prices", { jurisdiction: "us", method: "fifo" }],
    ["us fifo per-account", { jurisdiction: "us", method: "fifo", prices: p, lotScope: "per-account" }],
    ["us hifo per-account", { jurisdiction: "us", method: "hifo", prices: p, lotScope: "per-account" }],
    ["us fifo universal", { jurisdiction: "us", method: "fifo", prices: p, lotScope: "universal" }],
    ["us hifo universal", { jurisdiction: "us", method: "hifo", prices: p, lotScope: "universal" }],
    ["us lifo universal", { jurisdiction: "us", method: "lifo", prices: p, lotScope: "universal" }],
    ["us fifo non-taxable fee", { jurisdiction: "us", method: "fifo", prices: p, transferFee: "non-taxable" }],
    ["us hifo non-taxable fee per-account", { jurisdiction: "us", method: "hifo", prices: p, transferFee: "non-taxable", lotScope: "per-account" }],
    ["us fifo year 2023", { jurisdiction: "us", method: "fifo", prices: p, year: 2023 }],
    ["us hifo year 2025", { jurisdiction: "us", method: "hifo", prices: p, year: 2025 }],
    ["us specific picks", { jurisdiction: "us", method: "specific", prices: p, lotPicks: picks }],
    ["us specific picks universal", { jurisdiction: "us", method: "specific", prices: p, lotPicks: picks, lotScope: "universal" }],
    ["us fifo with picks (ignored)", { jurisdiction: "us", method: "fifo", prices: p, lotPicks: picks }],
    ["us fifo tz NY", { jurisdiction: "us", method: "fifo", prices: p, timeZone: "America/New_York" }],
    ["uk", { jurisdiction: "uk", prices: p }],
    ["uk year 2024", { jurisdiction: "uk", prices: p, year: 2024 }],
    ["de", { jurisdiction: "de", prices: p }],
    ["de lifo", { jurisdiction: "de", method: "lifo", prices: p }],
    ["de non-taxable fee year 2022", { jurisdiction: "de", prices: p, transferFee: "non-taxable", year: 2022 }],
  ];
  for (const [name, settings] of matrix) {
    const r = computeTax(small.entries, settings);
    yield `100k ${name}: codec ${codecHash(r)} json ${jsonHash(r)} lines ${r.disposals.length} warnings ${r.warnings.length}`;
  }
  // Short prefixes: odd cuts (shortfalls, transfers missing their other half).
  for (const n of [1, 7, 333, 5_001]) {
    const h = computeTax(small.entries.slice(0, n), { jurisdiction: "us", method: "hifo", prices: p });
    const f = computeTax(small.entries.slice(0, n), { jurisdiction: "us", method: "fifo", prices: p, lotScope: "per-account" });
    yield `prefix ${n}: hifo ${codecHash(h)} fifo/pa ${codecHash(f)}`;
  }
}

function main(): number {
  const quick = process.argv.includes("--quick");
  const write = process.argv.includes("--write");
  const baseline = new Map<string, string>();
  if (fs.existsSync(BASELINE)) for (const line of fs.readFileSync(BASELINE, "utf8").split("\n").filter(Boolean)) baseline.set(line.slice(0, line.indexOf(":")), line);
  const lines: string[] = [];
  let differ = 0;
  for (const line of fingerprints(quick)) {
    lines.push(line);
    const want = baseline.get(line.slice(0, line.indexOf(":")));
    const same = want === line;
    if (!same) differ++;
    console.log(`${write ? "" : same ? "same  " : want ? "DIFFER" : "new   "} ${line}${!same && want ? `\n       was ${want}` : ""}`);
  }
  if (write) {
    fs.writeFileSync(BASELINE, `${lines.join("\n")}\n`);
    console.log(`wrote ${lines.length} fingerprints to ${path.relative(process.cwd(), BASELINE)}`);
    return 0;
  }
  console.log(differ === 0 ? `all ${lines.length} fingerprints as recorded` : `${differ} of ${lines.length} fingerprints differ from ${path.relative(process.cwd(), BASELINE)}`);
  return differ === 0 ? 0 : 1;
}

process.exitCode = main();
