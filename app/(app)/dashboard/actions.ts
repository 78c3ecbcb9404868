"use server";

import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/session";
import { getUserSettings } from "@/lib/db/users";
import { loadDemoPortfolio, removeDemoPortfolio } from "@/lib/db/demo";
import { enqueueRecompute } from "@/lib/jobs/queue";
import { DEMO_CURRENCIES, type DemoCurrency } from "@/lib/demo";

export interface DemoState {
  error?: string;
}

/** Loads the demo portfolio in the user's base currency (USD when it has none of its own). */
export async function loadDemoAction(_prev: DemoState, _form: FormData): Promise<DemoState> {
  const user = await requireUser();
  const base = (await getUserSettings(user.id))?.baseCurrency ?? "USD";
  const currency: DemoCurrency = (DEMO_CURRENCIES as readonly string[]).includes(base) ? (base as DemoCurrency) : "USD";
  const result = await loadDemoPortfolio(user.id, currency);
  if ("error" in result) return { error: result.error === "already-loaded" ? "The demo portfolio is already loaded." : "You already have an account named like a demo account; rename it first." };
  await enqueueRecompute(user.id).catch(() => {});
  revalidatePath("/", "layout");
  return {};
}

export async function removeDemoAction(): Promise<void> {
  const user = await requireUser();
  await removeDemoPortfolio(user.id);
  await enqueueRecompute(user.id).catch(() => {});
  revalidatePath("/", "layout");
}
