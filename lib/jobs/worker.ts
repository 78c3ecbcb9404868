import type { PgBoss } from "pg-boss";
import { createBoss, ensureQueues, enqueueRecompute, enqueueSync, enqueueWarmPrices, QUEUES, type SyncJobData } from "./queue";
import { recomputeForUser } from "./recompute";
import { warmPricesForUser } from "./warm-prices";
import { runSyncJob } from "./sync-exchange";
import { connectionsForDailySync, finishSyncRun, startOrJoinSync } from "@/lib/db/sync";
import { log } from "@/lib/log";

/**
 * A worker: takes sync jobs from the shared Postgres queue. Run one beside the web server
 * (`npm start` does) or any number on other machines (`npm run worker` with the same DATABASE_URL);
 * pg-boss hands each job to exactly one of them.
 */
export async function startWorker(opts: { concurrency?: number } = {}): Promise<{ boss: PgBoss; stop(): Promise<void> }> {
  const boss = createBoss();
  await boss.start();
  await ensureQueues(boss);
  const abort = new AbortController();

  await boss.work<SyncJobData, unknown, { pollingIntervalSeconds: number; localConcurrency: number; includeMetadata: true }>(QUEUES.sync, { pollingIntervalSeconds: 1, localConcurrency: opts.concurrency ?? 2, includeMetadata: true }, async ([job]) => {
    if (!job) return;
    log.info({ runId: job.data.runId }, "sync started");
    try {
      await runSyncJob(job.data, { signal: abort.signal });
    } catch (e) {
      // The last attempt: end the run, or "Sync now" would keep joining a run no job will finish.
      if (job.retryCount >= job.retryLimit) {
        await finishSyncRun(job.data.userId, job.data.runId, job.data.connectionId, { status: "FAILED", message: "The exchange kept failing after several retries. Everything fetched before is stored; try again later." }).catch(() => {});
      }
      throw e;
    }
    log.info({ runId: job.data.runId }, "sync finished");
    await enqueueRecompute(job.data.userId);
    await enqueueWarmPrices(job.data.userId);
  });

  await boss.work<{ userId: string }>(QUEUES.warmPrices, { pollingIntervalSeconds: 2 }, async ([job]) => {
    if (job && (await warmPricesForUser(job.data.userId))) await enqueueRecompute(job.data.userId);
  });

  await boss.work<{ userId: string }>(QUEUES.recompute, { pollingIntervalSeconds: 1 }, async ([job]) => {
    if (job) await recomputeForUser(job.data.userId);
  });

  await boss.work(QUEUES.dailySync, async () => {
    for (const { userId, connectionId } of await connectionsForDailySync()) {
      const started = await startOrJoinSync(userId, connectionId, "daily");
      if (started && !started.joined) await enqueueSync({ userId, runId: started.run.id, connectionId });
    }
  });
  await boss.schedule(QUEUES.dailySync, process.env.LOTWISE_DAILY_SYNC_CRON ?? "0 3 * * *", {}, { tz: "UTC" });

  return {
    boss,
    async stop() {
      abort.abort();
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}
