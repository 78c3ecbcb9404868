/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process (so peak RSS figures are per
 * benchmark), one after another, and prints what each reports. Optional filter: `npm run bench -- engine`.
 */
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

const filter = process.argv[2];
const dir = __dirname;
const benches = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts") && (!filter || f.includes(filter)))
  .sort();

if (benches.length === 0) {
  console.error(filter ? `No benchmark matches "${filter}".` : "No benchmarks found.");
  process.exit(1);
}

let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const started = Date.now();
  // react-server: benches that store rows import lib/db, whose `server-only` guard is empty there.
  const res = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(dir, file)], { stdio: "inherit", env: process.env });
  console.log(`--- ${file}: exit ${res.status ?? res.signal}, ${((Date.now() - started) / 1000).toFixed(1)} s wall`);
  if (res.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
