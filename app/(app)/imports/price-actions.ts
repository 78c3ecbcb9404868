"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { priceCsvRows } from "@/lib/pricing/manual";
import { deleteManualPrice, importManualPrices, setManualPrice } from "@/lib/db/manual-prices";
import { getUserSettings } from "@/lib/db/users";
import { enqueueWarmPrices } from "@/lib/jobs/queue";
import type { RowIssue } from "@/lib/ledger/types";

export interface PriceCsvState {
  ok?: { created: number; updated: number; unchanged: number; fileName: string };
  error?: string;
  issues?: RowIssue[];
}

const MAX_PRICE_CSV_BYTES = 5 * 1024 * 1024;

/** Imports a price CSV (Date, Asset, Currency, Price): every row or none; bad rows are listed by line. */
export async function importPriceCsvAction(_prev: PriceCsvState, form: FormData): Promise<PriceCsvState> {
  const user = await requireUser();
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return { error: "Choose a price CSV file." };
  if (file.size > MAX_PRICE_CSV_BYTES) return { error: "A price file may be at most 5 MB." };
  const parsed = priceCsvRows(await file.text());
  if (!parsed.ok) return { error: `${file.name} was not imported: nothing was stored.`, issues: parsed.issues.slice(0, 200) };
  const result = await importManualPrices(user.id, parsed.rows, { note: `price file ${file.name}`.slice(0, 200) });
  revalidatePath("/", "layout");
  return { ok: { ...result, fileName: file.name } };
}

export async function deletePriceAction(form: FormData): Promise<void> {
  const user = await requireUser();
  await deleteManualPrice(user.id, z.string().min(1).max(64).parse(form.get("priceId")));
  revalidatePath("/", "layout");
}

export interface SetPriceState {
  ok?: boolean;
  error?: string;
}

const SetPrice = z.object({
  account: z.string().min(1).max(64),
  externalId: z.string().min(1).max(300),
  asset: z.string().min(1).max(40),
  price: z.string().trim().regex(/^(?:\d+\.?\d*|\.\d+)$/, "Enter a positive number such as 1234.56"),
});

const SET_PRICE_ERRORS: Record<string, string> = {
  "transaction-not-found": "That transaction no longer exists.",
  "asset-not-in-transaction": "That asset is not part of the transaction.",
  "invalid-price": "Enter a price above zero.",
  "invalid-currency": "Pick a fiat currency.",
};

/** The fix offered next to a missing-price warning: a hand-set price for that transaction, in the base currency. */
export async function setWarningPriceAction(_prev: SetPriceState, form: FormData): Promise<SetPriceState> {
  const user = await requireUser();
  const input = SetPrice.safeParse(Object.fromEntries(form));
  if (!input.success) return { error: input.error.issues[0]?.message };
  const settings = await getUserSettings(user.id);
  const out = await setManualPrice(user.id, {
    transaction: { account: input.data.account, externalId: input.data.externalId },
    asset: input.data.asset,
    currency: settings?.baseCurrency ?? "USD",
    price: input.data.price,
    note: "set by hand",
  });
  if (!out.ok) return { error: SET_PRICE_ERRORS[out.error] ?? "The price could not be saved." };
  await enqueueWarmPrices(user.id).catch(() => {});
  revalidatePath("/", "layout");
  return { ok: true };
}
