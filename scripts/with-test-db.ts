/**
 * Runs a command against a fresh, migrated Postgres: an ephemeral embedded one, or, when
 * DATABASE_URL is set, that server (its database is used as given).
 * Usage: tsx scripts/with-test-db.ts <command> [args...]
 */
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import { freePort, migrateDeploy, run, startEmbeddedPostgres, type EmbeddedDb } from "./db";

async function main(): Promise<number> {
  const [cmd, ...args] = process.argv.slice(2);
  if (!cmd) {
    console.error("usage: with-test-db <command> [args...]");
    return 2;
  }
  let db: EmbeddedDb | null = null;
  let dataDir: string | null = null;
  let url = process.env.DATABASE_URL;
  if (!url) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lotwise-it-"));
    db = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port: await freePort(), database: "lotwise_test", ephemeral: true });
    url = db.url;
  }
  try {
    await migrateDeploy(url);
    const [bin, argv] = cmd === "vitest" ? [process.execPath, [path.join(path.dirname(require.resolve("vitest/package.json")), "vitest.mjs"), ...args]] : [cmd, args];
    await run(bin, argv, { ...process.env, DATABASE_URL: url, LOTWISE_DATA_DIR: dataDir ?? process.env.LOTWISE_DATA_DIR });
    return 0;
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    return 1;
  } finally {
    await db?.stop().catch(() => {});
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
