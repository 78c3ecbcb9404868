"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { setTransactionIgnored } from "@/lib/db/transactions";
import { addTransferDestination, createManualTransaction, deleteManualTransaction, markTransfer, unmarkTransfer, updateTransactionNotes } from "@/lib/db/ledger-edits";
import { enqueueRecompute } from "@/lib/jobs/queue";
import { parseManualTransaction, type ManualTransactionErrors } from "@/lib/ledger/manual-entry";

const Id = z.string().min(1).max(64);

/** After any ledger edit: pages re-render, and the worker starts on the new result straight away. */
async function ledgerEdited(userId: string): Promise<void> {
  await enqueueRecompute(userId).catch(() => {});
  revalidatePath("/", "layout");
}

const Ignore = z.object({ transactionId: Id, ignored: z.enum(["true", "false"]) });

/** An ignored row stays in the ledger but leaves every computation; dashboards and reports recompute. */
export async function setIgnoredAction(form: FormData): Promise<void> {
  const user = await requireUser();
  const input = Ignore.parse(Object.fromEntries(form));
  await setTransactionIgnored(user.id, input.transactionId, input.ignored === "true");
  await ledgerEdited(user.id);
}

export interface EditState {
  ok?: string;
  error?: string;
}

const Notes = z.object({
  transactionId: Id,
  label: z.string().trim().max(40),
  description: z.string().trim().max(500),
});

export async function updateNotesAction(_prev: EditState, form: FormData): Promise<EditState> {
  const user = await requireUser();
  const parsed = Notes.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: "A label is at most 40 characters and a description at most 500." };
  const label = parsed.data.label.toLowerCase() || null;
  const ok = await updateTransactionNotes(user.id, parsed.data.transactionId, { label, description: parsed.data.description || null });
  if (!ok) return { error: "That transaction no longer exists." };
  await ledgerEdited(user.id);
  return { ok: "Saved." };
}

const Pair = z.object({ withdrawalId: Id, depositId: Id });
const PAIR_ERRORS: Record<string, string> = {
  "not-found": "One of those transactions no longer exists.",
  "not-a-pair": "A transfer pairs a withdrawal with a deposit.",
  "different-assets": "The withdrawal and the deposit are in different assets.",
  "same-account": "A transfer moves coins between two different accounts.",
  "deposit-before-withdrawal": "The deposit arrived before the withdrawal left.",
};

/** Marks a withdrawal and a deposit as one transfer between the user's own accounts. */
export async function markTransferAction(_prev: EditState, form: FormData): Promise<EditState> {
  const user = await requireUser();
  const parsed = Pair.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: "Pick a withdrawal and a deposit." };
  const result = await markTransfer(user.id, parsed.data.withdrawalId, parsed.data.depositId);
  if (!result.ok) return { error: PAIR_ERRORS[result.error] };
  await ledgerEdited(user.id);
  return { ok: "Marked as a transfer between your accounts." };
}

export async function unmarkTransferAction(form: FormData): Promise<void> {
  const user = await requireUser();
  await unmarkTransfer(user.id, Id.parse(form.get("transactionId")));
  await ledgerEdited(user.id);
}

const Destination = z.object({ withdrawalId: Id, walletName: z.string().trim().min(1, "Name the wallet the coins went to.").max(64) });

/** The withdrawal went to a wallet of the user's that Lotwise has no history for: record its arrival there. */
export async function addTransferDestinationAction(_prev: EditState, form: FormData): Promise<EditState> {
  const user = await requireUser();
  const parsed = Destination.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Name the wallet the coins went to." };
  const result = await addTransferDestination(user.id, parsed.data.withdrawalId, parsed.data.walletName);
  if (!result.ok) return { error: result.error === "same-account" ? "Pick another account than the one the coins left." : result.error === "not-a-withdrawal" ? "Only a crypto withdrawal can be a transfer out." : "That withdrawal no longer exists." };
  await ledgerEdited(user.id);
  return { ok: `Recorded as a transfer to ${parsed.data.walletName}.` };
}

export interface ManualState {
  errors?: ManualTransactionErrors;
  error?: string;
}

export async function createManualTransactionAction(_prev: ManualState, form: FormData): Promise<ManualState> {
  const user = await requireUser();
  const parsed = parseManualTransaction(Object.fromEntries([...form].filter(([, v]) => typeof v === "string")) as Record<string, string>);
  if (!parsed.ok) return { errors: parsed.errors };
  await createManualTransaction(user.id, parsed.value);
  await ledgerEdited(user.id);
  redirect(`/transactions?added=1&sort=newest`);
}

export async function deleteManualTransactionAction(form: FormData): Promise<void> {
  const user = await requireUser();
  await deleteManualTransaction(user.id, Id.parse(form.get("transactionId")));
  await ledgerEdited(user.id);
}
