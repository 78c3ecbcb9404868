import { PgBoss } from "pg-boss";

/**
 * The job queue lives in Postgres (pg-boss, schema "pgboss"), so web processes and any number of
 * workers on any number of machines share it through DATABASE_URL and nothing else.
 */
export const QUEUES = {
  /** One exchange sync; singleton per connection (the job's singletonKey). */
  sync: "sync-exchange",
  /** The daily cron that enqueues a sync for every connection whose owner left auto-sync on. */
  dailySync: "sync-daily",
  /** Fetch the market prices a user's ledger needs into the candle cache (after imports and syncs). */
  warmPrices: "warm-prices",
  /** Bring a user's cached tax results up to date with their ledger (after imports, syncs, edits, new prices). */
  recompute: "recompute-tax",
} as const;

const globalForBoss = globalThis as unknown as { lotwiseBoss?: Promise<PgBoss> };

export function createBoss(databaseUrl = process.env.DATABASE_URL): PgBoss {
  if (!databaseUrl) throw new Error("DATABASE_URL is not set.");
  const boss = new PgBoss({ connectionString: databaseUrl, schema: "pgboss", max: 4 });
  boss.on("error", (e: unknown) => console.error(`[queue] ${e instanceof Error ? e.message : String(e)}`));
  return boss;
}

export async function ensureQueues(boss: PgBoss): Promise<void> {
  // A worker killed mid-sync stops sending heartbeats; after 30 s the job is retried elsewhere and
  // resumes from the cursors committed with the last stored page.
  await boss.createQueue(QUEUES.sync, { policy: "singleton", retryLimit: 6, retryDelay: 5, retryBackoff: true, retryDelayMax: 300, heartbeatSeconds: 30, expireInSeconds: 6 * 3600 });
  await boss.createQueue(QUEUES.dailySync, { policy: "singleton", retryLimit: 2 });
  // "stately": one waiting and one running per user, so a burst of imports warms prices once more, not once each.
  await boss.createQueue(QUEUES.warmPrices, { policy: "stately", retryLimit: 3, retryDelay: 30, retryBackoff: true });
  // "stately" again: edits arriving while a recompute runs queue exactly one more, which picks them all up.
  await boss.createQueue(QUEUES.recompute, { policy: "stately", retryLimit: 3, retryDelay: 5, retryBackoff: true });
}

/** The process's queue client, started once (web processes only send; workers also work). */
export function getBoss(): Promise<PgBoss> {
  globalForBoss.lotwiseBoss ??= (async () => {
    const boss = createBoss();
    await boss.start();
    await ensureQueues(boss);
    return boss;
  })().catch((e) => {
    globalForBoss.lotwiseBoss = undefined;
    throw e;
  });
  return globalForBoss.lotwiseBoss;
}

export interface SyncJobData {
  userId: string;
  runId: string;
  connectionId: string;
}

export async function enqueueSync(data: SyncJobData): Promise<void> {
  const boss = await getBoss();
  await boss.send(QUEUES.sync, data, { singletonKey: data.connectionId });
}

export async function enqueueWarmPrices(userId: string): Promise<void> {
  const boss = await getBoss();
  await boss.send(QUEUES.warmPrices, { userId }, { singletonKey: userId });
}

export async function enqueueRecompute(userId: string): Promise<void> {
  const boss = await getBoss();
  await boss.send(QUEUES.recompute, { userId }, { singletonKey: userId });
}
