"use client";

import { useActionState } from "react";
import { updateNotesAction, type EditState } from "@/app/(app)/transactions/actions";

/** Edits a row's label (which can make a deposit count as staking income, an airdrop…) and description. */
export function NotesForm({ transactionId, label, description }: { transactionId: string; label: string | null; description: string | null }) {
  const [state, action, pending] = useActionState<EditState, FormData>(updateNotesAction, {});
  return (
    <form action={action} className="mt-2 space-y-2 text-left">
      <input type="hidden" name="transactionId" value={transactionId} />
      <label className="block text-xs text-slate-700">
        Label
        <input name="label" defaultValue={label ?? ""} list="tx-labels" maxLength={40} className="mt-0.5 block w-48 rounded-md bg-white px-2 py-1 ring-1 ring-slate-300" />
      </label>
      <datalist id="tx-labels">
        {["staking", "mining", "airdrop", "interest", "income", "gift", "lost"].map((l) => (
          <option key={l} value={l} />
        ))}
      </datalist>
      <label className="block text-xs text-slate-700">
        Description
        <textarea name="description" defaultValue={description ?? ""} maxLength={500} rows={2} className="mt-0.5 block w-64 rounded-md bg-white px-2 py-1 ring-1 ring-slate-300" />
      </label>
      <div className="flex items-center gap-2">
        <button type="submit" disabled={pending} className="rounded-md bg-white px-2.5 py-1 text-xs font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50">
          {pending ? "Saving…" : "Save"}
        </button>
        {state.ok && <span className="text-xs text-emerald-700">{state.ok}</span>}
        {state.error && (
          <span role="alert" className="text-xs text-red-700">
            {state.error}
          </span>
        )}
      </div>
    </form>
  );
}
