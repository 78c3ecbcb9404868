import { setIgnoredAction } from "@/app/(app)/transactions/actions";

/** Leaves one row out of every computation (it stays in the ledger and can be brought back). */
export function IgnoreRowButton({ transactionId, label = "Ignore this copy" }: { transactionId: string; label?: string }) {
  return (
    <form action={setIgnoredAction}>
      <input type="hidden" name="transactionId" value={transactionId} />
      <input type="hidden" name="ignored" value="true" />
      <button type="submit" className="rounded-md bg-white px-2.5 py-1 text-xs font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50">
        {label}
      </button>
    </form>
  );
}
