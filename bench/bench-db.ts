/** A throwaway embedded Postgres with migrations applied, for benches that store rows. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, migrateDeploy, startEmbeddedPostgres, type EmbeddedDb } from "../scripts/db";

/** Databases started and not yet removed, so an abandoned bench (time limit, Ctrl-C) can still clean up. */
const active = new Map<EmbeddedDb, string>();

export async function withBenchDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lotwise-benchdb-"));
  const db = await startEmbeddedPostgres({ dataDir: path.join(dir, "postgres"), port: await freePort(), database: "lotwise_bench", ephemeral: true });
  active.set(db, dir);
  try {
    process.stdout.write("(database ready; applying migrations)\n");
    await migrateDeploy(db.url);
    process.env.DATABASE_URL = db.url;
    process.env.LOTWISE_DATA_DIR = dir;
    return await fn(db.url);
  } finally {
    await removeBenchDatabase(db);
  }
}

async function removeBenchDatabase(db: EmbeddedDb): Promise<void> {
  const dir = active.get(db);
  if (dir === undefined) return;
  active.delete(db);
  await db.stop().catch(() => {});
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Stops and removes every bench database still running (for a bench that gives up part-way). */
export async function stopBenchDatabases(): Promise<void> {
  await Promise.all([...active.keys()].map(removeBenchDatabase));
}
