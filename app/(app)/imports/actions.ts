"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { parseLedgerText, SUPPORTED_FORMATS } from "@/lib/importers";
import { deleteImport } from "@/lib/db/imports";
import { findColumnMapping, findMappingForHeaders, saveColumnMapping } from "@/lib/db/column-mappings";
import { UNIVERSAL_COLUMNS } from "@/lib/ledger/universal";
import type { RowIssue } from "@/lib/ledger/types";

export interface PreviewRow {
  line: number | null;
  time: string;
  kind: string;
  account: string;
  sent: string | null;
  received: string | null;
  fee: string | null;
  label: string | null;
}

export type PreviewResult =
  | { status: "ok"; format: { id: string; name: string; exchange: string }; rows: PreviewRow[]; issues: RowIssue[]; mappingId: string | null }
  | { status: "unknown-format"; headers: string[]; message: string; savedMapping: { id: string; name: string } | null }
  | { status: "invalid"; message: string; issues: RowIssue[] };

/** The first bytes of a file (cut at a line end by the browser) are enough to detect and preview it. */
const Preview = z.object({
  head: z.string().min(1, "The file is empty.").max(512 * 1024),
  account: z.string().trim().max(64).optional(),
  mappingId: z.string().max(64).optional(),
});

const amount = (asset: string | null, value: { toFixed(): string } | null) => (asset && value ? `${value.toFixed()} ${asset}` : null);

export async function previewImportAction(input: z.input<typeof Preview>): Promise<PreviewResult> {
  const user = await requireUser();
  const parsed = Preview.safeParse(input);
  if (!parsed.success) return { status: "invalid", message: parsed.error.issues[0]?.message ?? "Invalid file.", issues: [] };
  const { head, account, mappingId } = parsed.data;
  const mapping = mappingId ? await findColumnMapping(user.id, mappingId) : null;
  const outcome = await parseLedgerText(head, { account: account || undefined, mapping: mapping?.mapping });
  if (!outcome.ok && !outcome.format && outcome.headers) {
    const saved = await findMappingForHeaders(user.id, outcome.headers);
    if (saved && !mappingId) return previewImportAction({ head, account, mappingId: saved.id });
    return { status: "unknown-format", headers: outcome.headers, message: outcome.errors[0]?.reason ?? "Unknown format.", savedMapping: saved ? { id: saved.id, name: saved.name } : null };
  }
  if (!outcome.ok && !outcome.format) return { status: "invalid", message: outcome.errors[0]?.reason ?? "This file cannot be read.", issues: outcome.errors.slice(0, 50) };
  const format = outcome.format!;
  const exchange = SUPPORTED_FORMATS.find((f) => f.id === format.id)?.exchange ?? (mapping ? mapping.name : "Universal");
  const rows: PreviewRow[] = outcome.ok
    ? outcome.entries.slice(0, 10).map((e) => ({
        line: e.sourceLine ?? null,
        time: e.time.toISOString(),
        kind: e.kind,
        account: e.account,
        sent: amount(e.sentAsset, e.sentAmount),
        received: amount(e.receivedAsset, e.receivedAmount),
        fee: amount(e.feeAsset, e.feeAmount),
        label: e.label,
      }))
    : [];
  return { status: "ok", format: { ...format, exchange }, rows, issues: outcome.ok ? [] : outcome.errors.slice(0, 50), mappingId: mapping?.id ?? null };
}

const MappingInput = z.object({
  name: z.string().trim().min(1, "Name this layout").max(64),
  headers: z.array(z.string().max(200)).min(1).max(200),
  // zod 4 records over an enum demand every key; a mapping names only the columns the file has.
  mapping: z.partialRecord(z.enum(UNIVERSAL_COLUMNS), z.string().max(200)),
});

export async function saveColumnMappingAction(input: z.input<typeof MappingInput>): Promise<{ ok: true; id: string } | { ok: false; error: string }> {
  const user = await requireUser();
  const parsed = MappingInput.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid mapping." };
  const saved = await saveColumnMapping(user.id, parsed.data);
  return { ok: true, id: saved.id };
}

export async function undoImportAction(form: FormData): Promise<void> {
  const user = await requireUser();
  const importId = z.string().min(1).max(64).parse(form.get("importId"));
  await deleteImport(user.id, importId);
  revalidatePath("/", "layout");
}
