/**
 * `npm run worker`: a sync worker on its own. It needs the database `npm start` uses: DATABASE_URL,
 * or the embedded default while `npm start` runs on this machine.
 */
import { loadDotEnv } from "./runtime-env";
import { EMBEDDED_DATABASE_URL } from "./embedded-db-url";
import { startWorker } from "../lib/jobs/worker";

async function main() {
  loadDotEnv();
  process.env.DATABASE_URL ??= EMBEDDED_DATABASE_URL;
  const worker = await startWorker();
  console.log("[worker] waiting for sync jobs");
  const stop = async () => {
    await worker.stop().catch(() => {});
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((e) => {
  console.error(`[worker] could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
