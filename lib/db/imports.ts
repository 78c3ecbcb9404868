import "server-only";
import { prisma } from "./prisma";
import { insertLedgerRows } from "./insert-transactions";
import { changesOfRows, recordLedgerChange } from "./ledger-changes";
import { changesFromRows } from "@/lib/ledger/changes";
import type { LedgerEntry } from "@/lib/ledger/types";

export interface ImportSummary {
  importId: string;
  fileName: string;
  format: string;
  rowsRead: number;
  created: number;
  alreadyImported: number;
  createdByKind: Record<string, number>;
  skippedRows: number;
}

export interface CommitImportInput {
  /** The account the user picked; universal files may name other accounts per row. */
  walletName: string;
  exchange: string | null;
  fileName: string;
  format: string;
  rowsRead: number;
  skippedRows: number;
  entries: LedgerEntry[];
}

/**
 * Stores a parsed file as one database transaction: either every new row and the Import record
 * exist afterwards, or nothing does. Rows whose (wallet, externalId) is already stored are counted
 * as already imported, which makes re-uploads and overlapping exports idempotent.
 */
export async function commitImport(userId: string, input: CommitImportInput): Promise<ImportSummary> {
  return prisma.$transaction(
    async (tx) => {
      const walletIds = new Map<string, string>();
      const walletFor = async (name: string) => {
        const known = walletIds.get(name);
        if (known) return known;
        const wallet = await tx.wallet.upsert({
          where: { userId_name: { userId, name } },
          create: { userId, name, exchange: name === input.walletName ? input.exchange : null },
          update: {},
          select: { id: true },
        });
        walletIds.set(name, wallet.id);
        return wallet.id;
      };
      const mainWalletId = await walletFor(input.walletName);

      const rows: { userId: string; walletId: string; importId: string | null; entry: LedgerEntry }[] = [];
      const record = await tx.import.create({
        data: { userId, walletId: mainWalletId, fileName: input.fileName, format: input.format, rowsRead: input.rowsRead, created: 0, skipped: 0, createdByKind: {} },
        select: { id: true },
      });
      for (const e of input.entries) rows.push({ userId, walletId: await walletFor(e.account || input.walletName), importId: record.id, entry: e });
      const { inserted, byKind: createdByKind } = await insertLedgerRows(tx, rows);
      await tx.import.update({ where: { id: record.id }, data: { created: inserted, skipped: input.entries.length - inserted, createdByKind } });
      if (inserted > 0) await recordLedgerChange(tx, userId, changesFromRows(input.entries));

      return {
        importId: record.id,
        fileName: input.fileName,
        format: input.format,
        rowsRead: input.rowsRead,
        created: inserted,
        alreadyImported: input.entries.length - inserted,
        createdByKind,
        skippedRows: input.skippedRows,
      };
    },
    { timeout: 10 * 60_000, maxWait: 30_000 },
  );
}

export interface ImportListRow {
  id: string;
  fileName: string;
  format: string;
  wallet: string;
  createdAt: string;
  rowsRead: number;
  created: number;
  skipped: number;
  createdByKind: Record<string, number>;
  remaining: number;
}

export async function listImports(userId: string): Promise<ImportListRow[]> {
  const rows = await prisma.import.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    include: { wallet: { select: { name: true } }, _count: { select: { transactions: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    fileName: r.fileName,
    format: r.format,
    wallet: r.wallet.name,
    createdAt: r.createdAt.toISOString(),
    rowsRead: r.rowsRead,
    created: r.created,
    skipped: r.skipped,
    createdByKind: (r.createdByKind ?? {}) as Record<string, number>,
    remaining: r._count.transactions,
  }));
}

/** Undoes an import: its transactions and the record go, in one transaction. False when not this user's. */
export async function deleteImport(userId: string, importId: string): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const found = await tx.import.findFirst({ where: { id: importId, userId }, select: { id: true } });
    if (!found) return false;
    const changes = await changesOfRows(tx, userId, { importId });
    await tx.transaction.deleteMany({ where: { importId, userId } });
    if (changes.size > 0) await recordLedgerChange(tx, userId, changes);
    await tx.import.delete({ where: { id: importId } });
    return true;
  });
}
