/** Runs one sync job in its own process, so a test can kill it mid-sync (lib/jobs/sync-exchange.int.test.ts). */
import { runSyncJob } from "../sync-exchange";

const job = JSON.parse(process.argv[2] ?? "{}") as { userId: string; runId: string; connectionId: string };
runSyncJob(job).then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
