"use client";

import { useActionState } from "react";
import { addTransferDestinationAction, markTransferAction, type EditState } from "@/app/(app)/transactions/actions";

const small = "rounded-md bg-white px-2.5 py-1 text-xs font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-60";

function Result({ state }: { state: EditState }) {
  if (state.ok) return <span className="text-xs font-medium text-emerald-700">{state.ok} Figures are being updated.</span>;
  if (state.error)
    return (
      <span role="alert" className="text-xs text-red-700">
        {state.error}
      </span>
    );
  return null;
}

/** Pairs this unmatched row with one of the candidate rows on the other side. */
export function PairTransferForm({ withdrawalId, depositId, label }: { withdrawalId: string; depositId: string; label: string }) {
  const [state, action, pending] = useActionState<EditState, FormData>(markTransferAction, {});
  if (state.ok) return <Result state={state} />;
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="withdrawalId" value={withdrawalId} />
      <input type="hidden" name="depositId" value={depositId} />
      <button type="submit" disabled={pending} className={small}>
        {pending ? "Marking…" : label}
      </button>
      <Result state={state} />
    </form>
  );
}

/** The coins went to a wallet of the user's that is not in Lotwise yet: name it and record their arrival there. */
export function TransferDestinationForm({ withdrawalId, wallets, from }: { withdrawalId: string; wallets: string[]; from: string }) {
  const [state, action, pending] = useActionState<EditState, FormData>(addTransferDestinationAction, {});
  if (state.ok) return <Result state={state} />;
  const listId = `wallets-${withdrawalId}`;
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="withdrawalId" value={withdrawalId} />
      <label className="text-xs text-slate-700">
        Sent to my own wallet:{" "}
        <input name="walletName" list={listId} required maxLength={64} placeholder="e.g. Ledger Nano" aria-label="Wallet the coins went to" className="ml-1 w-44 rounded-md bg-white px-2 py-1 ring-1 ring-slate-300" />
        <datalist id={listId}>
          {wallets
            .filter((w) => w !== from)
            .map((w) => (
              <option key={w} value={w} />
            ))}
        </datalist>
      </label>
      <button type="submit" disabled={pending} className={small}>
        {pending ? "Saving…" : "Mark as transfer"}
      </button>
      <Result state={state} />
    </form>
  );
}
