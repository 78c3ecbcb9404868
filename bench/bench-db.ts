/** A throwaway embedded Postgres with migrations applied, for benches that store rows. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, migrateDeploy, startEmbeddedPostgres } from "../scripts/db";

export async function withBenchDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lotwise-benchdb-"));
  const db = await startEmbeddedPostgres({ dataDir: path.join(dir, "postgres"), port: await freePort(), database: "lotwise_bench", ephemeral: true });
  try {
    process.stdout.write("(database ready; applying migrations)\n");
    await migrateDeploy(db.url);
    process.env.DATABASE_URL = db.url;
    process.env.LOTWISE_DATA_DIR = dir;
    return await fn(db.url);
  } finally {
    await db.stop().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
