"use client";

import { useActionState } from "react";
import { createManualTransactionAction, type ManualState } from "@/app/(app)/transactions/actions";
import { TX_KINDS } from "@/lib/ledger/types";
import { buttonClass } from "@/components/ui/button";

export interface ManualDefaults {
  kind?: string;
  account?: string;
  asset?: string;
  time?: string;
  currency: string;
}

const control = "mt-1 block w-full rounded-md bg-white px-3 py-2 text-sm ring-1 ring-inset ring-slate-300 aria-[invalid=true]:ring-red-400";

function Err({ id, text }: { id: string; text?: string }) {
  return text ? (
    <p id={id} className="mt-1 text-xs text-red-600">
      {text}
    </p>
  ) : null;
}

function Leg({ name, title, error, asset, hint }: { name: "sent" | "received" | "fee"; title: string; error?: string; asset?: string; hint: string }) {
  return (
    <fieldset className="rounded-lg p-3 ring-1 ring-slate-200">
      <legend className="px-1 text-sm font-medium text-slate-700">{title}</legend>
      <div className="grid grid-cols-2 gap-2">
        <label className="text-xs text-slate-600">
          Amount
          <input name={`${name}Amount`} inputMode="decimal" aria-invalid={error ? true : undefined} aria-describedby={`${name}-error`} className={control} />
        </label>
        <label className="text-xs text-slate-600">
          Asset
          <input name={`${name}Asset`} defaultValue={asset} placeholder="BTC" aria-invalid={error ? true : undefined} className={`${control} uppercase`} />
        </label>
      </div>
      <p className="mt-1 text-xs text-slate-500">{hint}</p>
      <Err id={`${name}-error`} text={error} />
    </fieldset>
  );
}

/** A transaction typed in by hand: for wallets with no export, or a purchase an exchange no longer shows. */
export function ManualTransactionForm({ defaults, wallets }: { defaults: ManualDefaults; wallets: string[] }) {
  const [state, action, pending] = useActionState<ManualState, FormData>(createManualTransactionAction, {});
  const e = state.errors ?? {};
  const isIncoming = defaults.kind === "buy" || defaults.kind === "deposit" || defaults.kind === "income";
  return (
    <form action={action} className="space-y-4" aria-label="Add a transaction">
      <div className="grid gap-4 sm:grid-cols-3">
        <label className="text-sm font-medium text-slate-700">
          What happened
          <select name="kind" defaultValue={defaults.kind ?? "buy"} aria-invalid={e.kind ? true : undefined} className={control}>
            {TX_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
          <Err id="kind-error" text={e.kind} />
        </label>
        <label className="text-sm font-medium text-slate-700">
          When (UTC)
          <input type="datetime-local" name="time" defaultValue={defaults.time} required aria-invalid={e.time ? true : undefined} className={control} />
          <Err id="time-error" text={e.time} />
        </label>
        <label className="text-sm font-medium text-slate-700">
          Account
          <input name="walletName" list="manual-wallets" defaultValue={defaults.account} required maxLength={64} placeholder="e.g. Ledger Nano" aria-invalid={e.walletName ? true : undefined} className={control} />
          <datalist id="manual-wallets">
            {wallets.map((w) => (
              <option key={w} value={w} />
            ))}
          </datalist>
          <Err id="walletName-error" text={e.walletName} />
        </label>
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <Leg name="sent" title="Sent" error={e.sent} asset={isIncoming ? (defaults.kind === "buy" ? defaults.currency : undefined) : defaults.asset} hint="What left the account (money for a buy)." />
        <Leg name="received" title="Received" error={e.received} asset={isIncoming ? defaults.asset : undefined} hint="What arrived (money for a sell)." />
        <Leg name="fee" title="Fee (optional)" error={e.fee} hint="Added to cost on a buy, taken from proceeds on a sale." />
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <label className="text-sm font-medium text-slate-700">
          Value (optional)
          <div className="mt-1 flex gap-2">
            <input name="fiatValue" inputMode="decimal" aria-invalid={e.fiatValue ? true : undefined} className={control} />
            <input name="fiatCurrency" defaultValue={defaults.currency} aria-label="Value currency" className={`${control} w-20 uppercase`} />
          </div>
          <p className="mt-1 text-xs font-normal text-slate-500">The row&apos;s worth when it happened; otherwise a market price is used.</p>
          <Err id="fiatValue-error" text={e.fiatValue} />
        </label>
        <label className="text-sm font-medium text-slate-700">
          Label
          <input name="label" list="manual-labels" placeholder="staking, airdrop, gift…" aria-invalid={e.label ? true : undefined} className={control} />
          <datalist id="manual-labels">
            {["staking", "mining", "airdrop", "interest", "income", "gift", "lost"].map((l) => (
              <option key={l} value={l} />
            ))}
          </datalist>
          <Err id="label-error" text={e.label} />
        </label>
        <label className="text-sm font-medium text-slate-700">
          Description
          <input name="description" maxLength={500} aria-invalid={e.description ? true : undefined} className={control} />
          <Err id="description-error" text={e.description} />
        </label>
      </div>
      {state.error && (
        <p role="alert" className="text-sm text-red-700">
          {state.error}
        </p>
      )}
      <button type="submit" disabled={pending} className={buttonClass("primary")}>
        {pending ? "Adding…" : "Add transaction"}
      </button>
    </form>
  );
}
