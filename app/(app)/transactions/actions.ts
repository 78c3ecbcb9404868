"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { setTransactionIgnored } from "@/lib/db/transactions";

const Ignore = z.object({ transactionId: z.string().min(1).max(64), ignored: z.enum(["true", "false"]) });

/** An ignored row stays in the ledger but leaves every computation; dashboards and reports recompute. */
export async function setIgnoredAction(form: FormData): Promise<void> {
  const user = await requireUser();
  const input = Ignore.parse(Object.fromEntries(form));
  await setTransactionIgnored(user.id, input.transactionId, input.ignored === "true");
  revalidatePath("/", "layout");
}
