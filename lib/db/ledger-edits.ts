import "server-only";
import { randomUUID } from "node:crypto";
import { prisma } from "./prisma";
import { changesOfRows, recordLedgerChange } from "./ledger-changes";
import { changesFromRows, noteChange, type LedgerChanges } from "@/lib/ledger/changes";
import type { TxKind } from "@/lib/ledger/types";
import { kindForLabel, type ManualTransactionValue } from "@/lib/ledger/manual-entry";

/**
 * The user's own edits to the ledger: rows entered by hand, labels and descriptions, and
 * withdrawal/deposit pairs marked as transfers between their accounts. Each edit records what it
 * changed (lib/db/ledger-changes.ts) in the same transaction, so cached results recompute from it.
 */

function mergeInto(into: LedgerChanges, more: LedgerChanges): LedgerChanges {
  for (const [asset, at] of more) noteChange(into, asset, at);
  return into;
}

/** A validated hand-entered row (lib/ledger/manual-entry.ts parses the form into it). */
export type ManualTransactionInput = ManualTransactionValue;

export async function createManualTransaction(userId: string, input: ManualTransactionInput): Promise<{ id: string }> {
  return prisma.$transaction(async (tx) => {
    const wallet = await tx.wallet.upsert({ where: { userId_name: { userId, name: input.walletName } }, create: { userId, name: input.walletName }, update: {}, select: { id: true } });
    const { walletName: _w, ...fields } = input;
    const row = await tx.transaction.create({ data: { ...fields, userId, walletId: wallet.id, externalId: `manual:${randomUUID()}`, manual: true }, select: { id: true } });
    await recordLedgerChange(tx, userId, changesFromRows([input]));
    return row;
  });
}

/** Only rows entered by hand can be deleted; imported and synced rows are ignored instead (a re-import would bring them back). */
export async function deleteManualTransaction(userId: string, id: string): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.transaction.findFirst({ where: { id, userId, manual: true }, select: { id: true, transferId: true } });
    if (!row) return false;
    // The other half of a marked transfer is unmarked with it: a change of that row too.
    const changes = await changesOfRows(tx, userId, row.transferId ? { transferIds: [row.transferId] } : { ids: [id] });
    if (row.transferId) await tx.transaction.updateMany({ where: { userId, transferId: row.transferId }, data: { transferId: null } });
    await tx.transaction.delete({ where: { id } });
    await recordLedgerChange(tx, userId, changes);
    return true;
  });
}

/** Sets a row's label and description; the label may change its kind (`kindForLabel`: a deposit tagged staking is income). */
export async function updateTransactionNotes(userId: string, id: string, notes: { label: string | null; description: string | null }): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.transaction.findFirst({ where: { id, userId }, select: { kind: true } });
    if (!row) return false;
    const kind = kindForLabel(row.kind as TxKind, notes.label);
    await tx.transaction.updateMany({ where: { id, userId }, data: { ...notes, kind, editedAt: new Date() } });
    await recordLedgerChange(tx, userId, await changesOfRows(tx, userId, { ids: [id] }));
    return true;
  });
}

export type MarkTransferError = "not-found" | "not-a-pair" | "different-assets" | "same-account" | "deposit-before-withdrawal";

/**
 * Marks a withdrawal and a deposit as one transfer between the user's own accounts: the engine
 * then carries the lots' basis and dates across (lib/ledger/transfers.ts, pass 0), whatever the
 * amounts, times or tx hashes say. Either row's previous pairing is undone first.
 */
export async function markTransfer(userId: string, withdrawalId: string, depositId: string): Promise<{ ok: true; transferId: string } | { ok: false; error: MarkTransferError }> {
  return prisma.$transaction(async (tx) => {
    const rows = await tx.transaction.findMany({ where: { userId, id: { in: [withdrawalId, depositId] } }, select: { id: true, kind: true, walletId: true, sentAsset: true, receivedAsset: true, time: true, transferId: true } });
    const w = rows.find((r) => r.id === withdrawalId);
    const d = rows.find((r) => r.id === depositId);
    if (!w || !d) return { ok: false, error: "not-found" };
    if (w.kind !== "withdrawal" || d.kind !== "deposit") return { ok: false, error: "not-a-pair" };
    if (!w.sentAsset || w.sentAsset !== d.receivedAsset) return { ok: false, error: "different-assets" };
    if (w.walletId === d.walletId) return { ok: false, error: "same-account" };
    // A day of slack: exchanges stamp a deposit when it is credited, sometimes in another time zone.
    if (d.time.getTime() < w.time.getTime() - 86_400_000) return { ok: false, error: "deposit-before-withdrawal" };
    const old = [w.transferId, d.transferId].filter((t): t is string => t !== null);
    // Rows of a pairing undone here change too, not only the two being paired.
    const changes = mergeInto(await changesOfRows(tx, userId, { ids: [w.id, d.id] }), await changesOfRows(tx, userId, { transferIds: old }));
    if (old.length) await tx.transaction.updateMany({ where: { userId, transferId: { in: old } }, data: { transferId: null } });
    const transferId = randomUUID();
    await tx.transaction.updateMany({ where: { userId, id: { in: [w.id, d.id] } }, data: { transferId } });
    await recordLedgerChange(tx, userId, changes);
    return { ok: true, transferId };
  });
}

/** Undoes a marked transfer (both rows); false when the row is not the user's or not marked. */
export async function unmarkTransfer(userId: string, id: string): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.transaction.findFirst({ where: { id, userId }, select: { transferId: true } });
    if (!row?.transferId) return false;
    const pair = await tx.transaction.findMany({ where: { userId, transferId: row.transferId }, select: { id: true } });
    const changes = await changesOfRows(tx, userId, { ids: pair.map((p) => p.id) });
    await tx.transaction.updateMany({ where: { userId, transferId: row.transferId }, data: { transferId: null } });
    await recordLedgerChange(tx, userId, changes);
    return true;
  });
}

/**
 * For a withdrawal to a wallet the user has not added: records the arriving side in a wallet of
 * theirs (created when new) as a hand-entered deposit of the same units, and marks the pair.
 */
export async function addTransferDestination(userId: string, withdrawalId: string, walletName: string): Promise<{ ok: true; depositId: string } | { ok: false; error: "not-found" | "not-a-withdrawal" | "same-account" }> {
  return prisma.$transaction(async (tx) => {
    const w = await tx.transaction.findFirst({ where: { id: withdrawalId, userId }, include: { wallet: { select: { name: true } } } });
    if (!w) return { ok: false, error: "not-found" };
    if (w.kind !== "withdrawal" || !w.sentAsset || !w.sentAmount) return { ok: false, error: "not-a-withdrawal" };
    if (w.wallet.name === walletName) return { ok: false, error: "same-account" };
    const wallet = await tx.wallet.upsert({ where: { userId_name: { userId, name: walletName } }, create: { userId, name: walletName }, update: {}, select: { id: true } });
    const undone = w.transferId ? await changesOfRows(tx, userId, { transferIds: [w.transferId] }) : new Map<string, Date>();
    if (w.transferId) await tx.transaction.updateMany({ where: { userId, transferId: w.transferId }, data: { transferId: null } });
    const transferId = randomUUID();
    const deposit = await tx.transaction.create({
      data: {
        userId,
        walletId: wallet.id,
        externalId: `manual:${randomUUID()}`,
        manual: true,
        time: w.time,
        kind: "deposit",
        receivedAsset: w.sentAsset,
        receivedAmount: w.sentAmount,
        txHash: w.txHash,
        description: `Arrived from ${w.wallet.name}`,
        transferId,
      },
      select: { id: true },
    });
    await tx.transaction.updateMany({ where: { id: w.id, userId }, data: { transferId } });
    await recordLedgerChange(tx, userId, changesFromRows([{ time: w.time, sentAsset: w.sentAsset, receivedAsset: null, feeAsset: w.feeAsset }], undone));
    return { ok: true, depositId: deposit.id };
  });
}

export interface LedgerRef {
  id: string;
  externalId: string;
  wallet: string;
  kind: string;
  time: Date;
  sentAsset: string | null;
  sentAmount: string | null;
  receivedAsset: string | null;
  receivedAmount: string | null;
  transferId: string | null;
  ignored: boolean;
  manual: boolean;
}

/** The stored rows behind engine references (account name + externalId), keyed "account\u0000externalId". */
export async function rowsByExternalIds(userId: string, externalIds: string[]): Promise<Map<string, LedgerRef>> {
  const out = new Map<string, LedgerRef>();
  const unique = [...new Set(externalIds)];
  for (let i = 0; i < unique.length; i += 5000) {
    const rows = await prisma.transaction.findMany({
      where: { userId, externalId: { in: unique.slice(i, i + 5000) } },
      select: { id: true, externalId: true, kind: true, time: true, sentAsset: true, sentAmount: true, receivedAsset: true, receivedAmount: true, transferId: true, ignored: true, manual: true, wallet: { select: { name: true } } },
    });
    for (const r of rows) {
      out.set(`${r.wallet.name}\u0000${r.externalId}`, {
        id: r.id,
        externalId: r.externalId,
        wallet: r.wallet.name,
        kind: r.kind,
        time: r.time,
        sentAsset: r.sentAsset,
        sentAmount: r.sentAmount?.toFixed() ?? null,
        receivedAsset: r.receivedAsset,
        receivedAmount: r.receivedAmount?.toFixed() ?? null,
        transferId: r.transferId,
        ignored: r.ignored,
        manual: r.manual,
      });
    }
  }
  return out;
}
