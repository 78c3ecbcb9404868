import "server-only";
import { prisma } from "./prisma";
import { insertLedgerRows } from "./insert-transactions";
import { recordLedgerChange } from "./ledger-changes";
import { changesFromRows } from "@/lib/ledger/changes";
import type { LedgerEntry } from "@/lib/ledger/types";
import type { Prisma } from "@/lib/generated/prisma/client";

export type SyncStatus = "QUEUED" | "RUNNING" | "WAITING" | "SUCCEEDED" | "FAILED";
const ACTIVE: SyncStatus[] = ["QUEUED", "RUNNING", "WAITING"];

export interface BalanceDiffDto {
  asset: string;
  reported: string;
  implied: string;
  difference: string;
}

export interface SyncRunDto {
  id: string;
  connectionId: string;
  status: SyncStatus;
  phase: string | null;
  streamIndex: number;
  streamCount: number;
  fetched: number;
  created: number;
  createdByKind: Record<string, number>;
  message: string | null;
  balanceDiffs: BalanceDiffDto[] | null;
  /** What this run could not bring in, one sentence each. */
  notices: string[];
  startedAt: string | null;
  finishedAt: string | null;
  createdAt: string;
}

type RunRow = Prisma.SyncRunGetPayload<object>;

const toDto = (r: RunRow): SyncRunDto => ({
  id: r.id,
  connectionId: r.connectionId,
  status: r.status,
  phase: r.phase,
  streamIndex: r.streamIndex,
  streamCount: r.streamCount,
  fetched: r.fetched,
  created: r.created,
  createdByKind: (r.createdByKind ?? {}) as Record<string, number>,
  message: r.message,
  balanceDiffs: (r.balanceDiffs ?? null) as BalanceDiffDto[] | null,
  notices: Array.isArray(r.notices) ? (r.notices as string[]) : [],
  startedAt: r.startedAt?.toISOString() ?? null,
  finishedAt: r.finishedAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
});

/**
 * One sync per connection at a time: the connection row is locked while we look for an active run,
 * so two clicks (or a click and the daily schedule) racing each other join the same run.
 */
const STALE_RUN_MS = 7 * 3_600_000;

export async function startOrJoinSync(userId: string, connectionId: string, trigger: "manual" | "daily"): Promise<{ run: SyncRunDto; joined: boolean } | null> {
  return prisma.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Connection" WHERE id = ${connectionId} AND "userId" = ${userId} FOR UPDATE`;
    if (locked.length === 0) return null;
    const active = await tx.syncRun.findFirst({ where: { connectionId, userId, status: { in: ACTIVE } }, orderBy: { createdAt: "desc" } });
    // A run older than its job may live (pg-boss expires sync jobs after 6 h) was orphaned by a worker
    // that died on its last attempt: end it rather than join it forever.
    if (active && Date.now() - active.createdAt.getTime() > STALE_RUN_MS) {
      await tx.syncRun.updateMany({ where: { id: active.id, userId }, data: { status: "FAILED", finishedAt: new Date(), message: "This sync stopped without finishing (its worker was lost). Everything fetched before is stored." } });
    } else if (active) return { run: toDto(active), joined: true };
    const run = await tx.syncRun.create({ data: { connectionId, userId, trigger } });
    return { run: toDto(run), joined: false };
  });
}

export async function getSyncRun(userId: string, runId: string): Promise<SyncRunDto | null> {
  const r = await prisma.syncRun.findFirst({ where: { id: runId, userId } });
  return r ? toDto(r) : null;
}

export async function latestSyncRuns(userId: string, connectionIds: string[]): Promise<Record<string, SyncRunDto>> {
  const rows = await prisma.syncRun.findMany({
    where: { userId, connectionId: { in: connectionIds } },
    orderBy: { createdAt: "desc" },
    distinct: ["connectionId"],
  });
  return Object.fromEntries(rows.map((r) => [r.connectionId, toDto(r)]));
}

export interface SyncContext {
  run: SyncRunDto;
  connection: { id: string; exchange: string; walletId: string; walletName: string; status: "OK" | "NEEDS_ATTENTION" };
  cursors: Record<string, string>;
}

export async function loadSyncContext(userId: string, runId: string): Promise<SyncContext | null> {
  const run = await prisma.syncRun.findFirst({
    where: { id: runId, userId },
    include: { connection: { select: { id: true, exchange: true, walletId: true, status: true, wallet: { select: { name: true } }, cursors: true } } },
  });
  if (!run) return null;
  const c = run.connection;
  return {
    run: toDto(run),
    connection: { id: c.id, exchange: c.exchange, walletId: c.walletId, walletName: c.wallet.name, status: c.status },
    cursors: Object.fromEntries(c.cursors.map((k) => [k.stream, k.cursor])),
  };
}

export async function updateSyncRun(userId: string, runId: string, data: Partial<Pick<RunRow, "status" | "phase" | "streamIndex" | "streamCount" | "message">> & { startedAt?: Date }): Promise<void> {
  await prisma.syncRun.updateMany({ where: { id: runId, userId }, data });
}

/**
 * Stores one page of synced rows together with the cursor that follows it and the run's progress,
 * in one transaction: a worker killed between pages resumes from the last committed cursor, and a
 * page fetched twice adds nothing the second time (unique wallet + externalId).
 */
export async function commitSyncPage(
  userId: string,
  ctx: { runId: string; connectionId: string; walletId: string },
  page: { stream: string; cursor: string; entries: LedgerEntry[]; phase: string; streamIndex: number; streamCount: number; notices?: string[] },
): Promise<{ created: number }> {
  return prisma.$transaction(
    async (tx) => {
      const { inserted, byKind: newByKind } = await insertLedgerRows(
        tx,
        page.entries.map((entry) => ({ userId, walletId: ctx.walletId, importId: null, entry })),
      );
      if (inserted > 0) await recordLedgerChange(tx, userId, changesFromRows(page.entries));
      await tx.syncCursor.upsert({
        where: { connectionId_stream: { connectionId: ctx.connectionId, stream: page.stream } },
        create: { connectionId: ctx.connectionId, stream: page.stream, cursor: page.cursor },
        update: { cursor: page.cursor },
      });
      const run = await tx.syncRun.findFirst({ where: { id: ctx.runId, userId }, select: { createdByKind: true, notices: true } });
      // Notices are kept with the page that raised them, so a resumed run still reports them.
      const notices = [...new Set([...(Array.isArray(run?.notices) ? (run.notices as string[]) : []), ...(page.notices ?? [])])];
      const byKind = { ...((run?.createdByKind ?? {}) as Record<string, number>) };
      for (const [kind, n] of Object.entries(newByKind)) byKind[kind] = (byKind[kind] ?? 0) + n;
      await tx.syncRun.updateMany({
        where: { id: ctx.runId, userId },
        data: {
          status: "RUNNING",
          message: null,
          phase: page.phase,
          streamIndex: page.streamIndex,
          streamCount: page.streamCount,
          fetched: { increment: page.entries.length },
          created: { increment: inserted },
          createdByKind: byKind,
          notices,
        },
      });
      return { created: inserted };
    },
    { timeout: 120_000 },
  );
}

export async function finishSyncRun(
  userId: string,
  runId: string,
  connectionId: string,
  outcome: { status: "SUCCEEDED"; balanceDiffs: BalanceDiffDto[] } | { status: "FAILED"; message: string; needsAttention?: string },
): Promise<void> {
  const now = new Date();
  await prisma.$transaction(async (tx) => {
    await tx.syncRun.updateMany({
      where: { id: runId, userId },
      data:
        outcome.status === "SUCCEEDED"
          ? { status: "SUCCEEDED", finishedAt: now, message: null, balanceDiffs: outcome.balanceDiffs as unknown as Prisma.InputJsonValue }
          : { status: "FAILED", finishedAt: now, message: outcome.message },
    });
    if (outcome.status === "SUCCEEDED") await tx.connection.updateMany({ where: { id: connectionId, userId }, data: { lastSyncAt: now } });
    if (outcome.status === "FAILED" && outcome.needsAttention) {
      await tx.connection.updateMany({ where: { id: connectionId, userId }, data: { status: "NEEDS_ATTENTION", attention: outcome.needsAttention } });
    }
  });
}

/** What the stored ledger says this wallet holds: received − sent − fees, per asset, as exact decimal strings. */
export async function impliedWalletBalances(userId: string, walletId: string): Promise<Map<string, string>> {
  const rows = await prisma.$queryRaw<{ asset: string; balance: string }[]>`
    SELECT asset, SUM(delta)::text AS balance FROM (
      SELECT "receivedAsset" AS asset, "receivedAmount" AS delta FROM "Transaction" WHERE "userId" = ${userId} AND "walletId" = ${walletId} AND "receivedAsset" IS NOT NULL AND NOT ignored
      UNION ALL SELECT "sentAsset", -"sentAmount" FROM "Transaction" WHERE "userId" = ${userId} AND "walletId" = ${walletId} AND "sentAsset" IS NOT NULL AND NOT ignored
      UNION ALL SELECT "feeAsset", -"feeAmount" FROM "Transaction" WHERE "userId" = ${userId} AND "walletId" = ${walletId} AND "feeAsset" IS NOT NULL AND NOT ignored
    ) d GROUP BY asset`;
  return new Map(rows.map((r) => [r.asset, r.balance]));
}

/** Every connection of every user who leaves the daily sync on (Settings). */
export async function connectionsForDailySync(): Promise<{ userId: string; connectionId: string }[]> {
  const rows = await prisma.connection.findMany({ where: { status: "OK", user: { autoSync: true } }, select: { id: true, userId: true } });
  return rows.map((r) => ({ userId: r.userId, connectionId: r.id }));
}
