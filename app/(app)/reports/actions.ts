"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { reportSource } from "@/lib/server/report-source";
import { snapshotDisposals } from "@/lib/reports/filed-diff";
import { markReportFiled } from "@/lib/db/filed-reports";

const MarkFiled = z.object({ year: z.coerce.number().int().min(2009).max(2100), method: z.enum(["fifo", "lifo", "hifo"]).optional(), jurisdiction: z.enum(["us", "uk", "de"]).optional() });

/** Records the disposals of this year's report as filed, so later ledger changes show against it. */
export async function markFiledAction(form: FormData): Promise<void> {
  const user = await requireUser();
  const input = MarkFiled.parse({ year: form.get("year"), method: form.get("method") || undefined, jurisdiction: form.get("jurisdiction") || undefined });
  const { result, ledgerFingerprint } = await reportSource(user.id, { method: input.method, jurisdiction: input.jurisdiction });
  await markReportFiled(user.id, {
    taxYear: input.year,
    jurisdiction: result.settings.jurisdiction,
    method: result.settings.method,
    ledgerFingerprint,
    snapshot: snapshotDisposals(result, input.year),
  });
  revalidatePath("/reports");
}
