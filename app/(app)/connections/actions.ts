"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { EXCHANGE_IDS, EXCHANGE_CATALOG, type ExchangeId } from "@/lib/exchanges/catalog";
import { mockBaseUrlFromEnv } from "@/lib/exchanges/client";
import { verifyReadOnly, type VerifyOutcome } from "@/lib/exchanges/verify-read-only";
import { startOrJoinSync, type SyncRunDto } from "@/lib/db/sync";
import { enqueueSync } from "@/lib/jobs/queue";
import { createConnection, deleteConnection, getConnectionCredentials, markNeedsAttention, markVerified, relabelConnection } from "@/lib/db/connections";

/** What the browser learns about a verification: our own words, never a credential. */
export type VerifyResultDto =
  | { ok: true; connectionId: string; checkedBy: string; description: string }
  | { ok: false; code: string; title: string; message: string; reasons?: string[]; fix?: string; fieldErrors?: Record<string, string[] | undefined> };

const Connect = z.object({
  exchange: z.enum(EXCHANGE_IDS),
  label: z.string().trim().min(1, "Give this connection a name").max(64),
  apiKey: z.string().trim().min(8, "This does not look like an API key").max(600),
  secret: z.string().trim().min(8, "This does not look like an API secret").max(4000),
  password: z.string().trim().max(200).optional(),
});

function outcomeToDto(outcome: Exclude<VerifyOutcome, { ok: true }>): VerifyResultDto {
  return outcome.code === "not-read-only"
    ? { ok: false, code: outcome.code, title: outcome.title, message: outcome.message, reasons: outcome.reasons, fix: outcome.fix }
    : { ok: false, code: outcome.code, title: outcome.title, message: outcome.message };
}

const verifyOptions = () => ({ mockBaseUrl: mockBaseUrlFromEnv(process.env) });

export async function connectExchangeAction(input: z.input<typeof Connect>): Promise<VerifyResultDto> {
  const user = await requireUser();
  const parsed = Connect.safeParse(input);
  if (!parsed.success) return { ok: false, code: "invalid-input", title: "Check the highlighted fields", message: "Some fields are missing or malformed.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  const { exchange, label, apiKey, secret, password } = parsed.data;
  if (EXCHANGE_CATALOG[exchange].needsPassphrase && !password) {
    return { ok: false, code: "invalid-input", title: "Passphrase needed", message: `${EXCHANGE_CATALOG[exchange].name} keys come with a passphrase.`, fieldErrors: { password: ["Enter the key's passphrase"] } };
  }
  const creds = { apiKey, secret, ...(password ? { password } : {}) };
  const outcome = await verifyReadOnly(exchange, creds, verifyOptions());
  if (!outcome.ok) return outcomeToDto(outcome);
  const saved = await createConnection(user.id, { exchange, label, creds, verifiedBy: outcome.checkedBy });
  revalidatePath("/connections");
  return { ok: true, connectionId: saved.id, checkedBy: outcome.checkedBy, description: outcome.description };
}

const Id = z.object({ connectionId: z.string().min(1).max(64) });

export async function reverifyConnectionAction(input: z.input<typeof Id>): Promise<VerifyResultDto> {
  const user = await requireUser();
  const { connectionId } = Id.parse(input);
  const stored = await getConnectionCredentials(user.id, connectionId);
  if (!stored) return { ok: false, code: "not-found", title: "Connection not found", message: "It may have been deleted." };
  const outcome = await verifyReadOnly(stored.exchange as ExchangeId, stored.creds, verifyOptions());
  if (outcome.ok) {
    await markVerified(user.id, connectionId, outcome.checkedBy);
    revalidatePath("/connections");
    return { ok: true, connectionId, checkedBy: outcome.checkedBy, description: outcome.description };
  }
  // A key that now fails (revoked, or granted trading) must not be synced until the user fixes it.
  if (outcome.code !== "rate-limited" && outcome.code !== "exchange-down" && outcome.code !== "timeout") {
    await markNeedsAttention(user.id, connectionId, outcome.code === "not-read-only" ? `${outcome.message} ${outcome.fix}` : outcome.message);
  }
  revalidatePath("/connections");
  return outcomeToDto(outcome);
}

const Relabel = Id.extend({ label: z.string().trim().min(1, "Name it").max(64) });

export async function relabelConnectionAction(input: z.input<typeof Relabel>): Promise<{ ok: boolean; error?: string }> {
  const user = await requireUser();
  const parsed = Relabel.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message };
  const ok = await relabelConnection(user.id, parsed.data.connectionId, parsed.data.label);
  revalidatePath("/connections");
  return ok ? { ok } : { ok, error: "Connection not found" };
}

const Delete = Id.extend({ deleteTransactions: z.boolean() });

export async function deleteConnectionAction(input: z.input<typeof Delete>): Promise<{ ok: boolean }> {
  const user = await requireUser();
  const { connectionId, deleteTransactions } = Delete.parse(input);
  const ok = await deleteConnection(user.id, connectionId, { deleteTransactions });
  revalidatePath("/", "layout");
  return { ok };
}

/** Enqueues a sync and returns at once; a sync already running for this connection is joined instead. */
export async function syncNowAction(input: z.input<typeof Id>): Promise<{ ok: true; run: SyncRunDto; joined: boolean } | { ok: false; error: string }> {
  const user = await requireUser();
  const { connectionId } = Id.parse(input);
  const started = await startOrJoinSync(user.id, connectionId, "manual");
  if (!started) return { ok: false, error: "Connection not found." };
  if (!started.joined) await enqueueSync({ userId: user.id, runId: started.run.id, connectionId });
  return { ok: true, run: started.run, joined: started.joined };
}
