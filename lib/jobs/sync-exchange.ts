import Decimal from "decimal.js";
import { createExchangeClient, mockBaseUrlFromEnv } from "@/lib/exchanges/client";
import { isExchangeId } from "@/lib/exchanges/catalog";
import { fetchHistory } from "@/lib/exchanges/sync/fetch-history";
import { SyncError } from "@/lib/exchanges/sync/faults";
import type { BackoffOptions } from "@/lib/exchanges/sync/types";
import { compareBalances, fetchReportedBalances } from "@/lib/exchanges/sync/balance-proof";
import { getConnectionCredentials } from "@/lib/db/connections";
import { commitSyncPage, finishSyncRun, impliedWalletBalances, loadSyncContext, updateSyncRun, type BalanceDiffDto } from "@/lib/db/sync";
import { log } from "@/lib/log";
import type { SyncJobData } from "./queue";

export interface SyncJobOptions {
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** Retry timing for the exchange's 429/503 answers (tests shorten it). */
  backoff?: BackoffOptions;
}

/**
 * One sync of one connection: the sole place where the database, the exchange adapter and the
 * ledger meet. Idempotent and resumable: pages are stored with their cursors, so a retry after a
 * crash continues from the last stored page, and a page fetched twice adds nothing.
 * Throws only for faults worth a queue retry (the exchange is down); everything else ends the run.
 */
export async function runSyncJob(job: SyncJobData, opts: SyncJobOptions = {}): Promise<void> {
  const { userId, runId } = job;
  const ctx = await loadSyncContext(userId, runId);
  if (!ctx || ctx.run.status === "SUCCEEDED" || ctx.run.status === "FAILED") return;
  const { connection } = ctx;
  const stored = await getConnectionCredentials(userId, connection.id);
  if (!stored || !isExchangeId(connection.exchange)) {
    await finishSyncRun(userId, runId, connection.id, { status: "FAILED", message: "This connection no longer exists." });
    return;
  }
  const exchangeId = connection.exchange;
  await updateSyncRun(userId, runId, { status: "RUNNING", phase: "markets", message: null, startedAt: new Date() });
  const client = createExchangeClient(exchangeId, stored.creds, { mockBaseUrl: mockBaseUrlFromEnv(opts.env ?? process.env) });

  try {
    const pages = fetchHistory(client, exchangeId, {
      cursors: ctx.cursors,
      account: connection.walletName,
      signal: opts.signal,
      backoff: opts.backoff,
      onWait: (w) =>
        void updateSyncRun(userId, runId, {
          status: "WAITING",
          message: w.reason === "rate-limited" ? `Waiting for ${connection.walletName}: the exchange asked us to slow down (retry ${w.attempt} in ${Math.ceil(w.retryInMs / 1000)} s).` : `Waiting for the exchange, which is not answering (retry ${w.attempt} in ${Math.ceil(w.retryInMs / 1000)} s).`,
        }).catch(() => {}),
    });
    for await (const page of pages) {
      await commitSyncPage(userId, { runId, connectionId: connection.id, walletId: connection.walletId }, {
        stream: page.stream,
        cursor: page.cursor,
        entries: page.entries,
        phase: page.phase,
        streamIndex: page.progress.streamIndex,
        streamCount: page.progress.streamCount,
        notices: page.notices,
      });
    }
    const balanceDiffs = await proveBalances(userId, connection.walletId, client, opts.backoff);
    await finishSyncRun(userId, runId, connection.id, { status: "SUCCEEDED", balanceDiffs });
  } catch (e) {
    if (e instanceof SyncError) {
      if (e.code === "needs-attention") {
        await finishSyncRun(userId, runId, connection.id, { status: "FAILED", message: e.message, needsAttention: e.message });
        return;
      }
      await finishSyncRun(userId, runId, connection.id, { status: "FAILED", message: e.message });
      return;
    }
    log.error({ err: e, runId, exchange: exchangeId }, "sync failed");
    await finishSyncRun(userId, runId, connection.id, { status: "FAILED", message: "The sync stopped on an unexpected error. Everything fetched before it is stored; try again." });
  }
}

/** After a sync, what the exchange says the account holds vs what the stored ledger implies. */
async function proveBalances(userId: string, walletId: string, client: Parameters<typeof fetchReportedBalances>[0], backoff: SyncJobOptions["backoff"]): Promise<BalanceDiffDto[]> {
  const [reported, implied] = await Promise.all([fetchReportedBalances(client, { backoff }), impliedWalletBalances(userId, walletId)]);
  const impliedDec = new Map([...implied].map(([asset, v]) => [asset, new Decimal(v)]));
  return compareBalances(reported, impliedDec).map((d) => ({ asset: d.asset, reported: d.reported.toFixed(), implied: d.implied.toFixed(), difference: d.difference.toFixed() }));
}
