"use client";

import { useActionState } from "react";
import { setWarningPriceAction, type SetPriceState } from "@/app/(app)/imports/price-actions";

/** Inline fix for a missing-price warning: the unit price of that asset at that transaction. */
export function SetPriceForm({ account, externalId, asset, currency }: { account: string; externalId: string; asset: string; currency: string }) {
  const [state, action, pending] = useActionState<SetPriceState, FormData>(setWarningPriceAction, {});
  if (state.ok) return <span className="text-xs font-medium text-emerald-700">Price saved; figures now use it.</span>;
  return (
    <form action={action} className="mt-1 flex flex-wrap items-center gap-2">
      <input type="hidden" name="account" value={account} />
      <input type="hidden" name="externalId" value={externalId} />
      <input type="hidden" name="asset" value={asset} />
      <label className="text-xs">
        <span className="sr-only">Price of one {asset} in {currency}</span>
        <input name="price" inputMode="decimal" placeholder={`1 ${asset} in ${currency}`} aria-label={`Price of one ${asset} in ${currency}`} className="w-40 rounded-md bg-white px-2 py-1 ring-1 ring-amber-300" />
      </label>
      <button type="submit" disabled={pending} className="rounded-md bg-white px-2 py-1 text-xs font-medium text-amber-900 ring-1 ring-amber-300 hover:bg-amber-100">
        {pending ? "Saving…" : "Set price"}
      </button>
      {state.error && <span className="text-xs text-red-700">{state.error}</span>}
    </form>
  );
}
