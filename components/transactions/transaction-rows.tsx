"use client";

import Link from "next/link";
import { deleteManualTransactionAction, setIgnoredAction, unmarkTransferAction } from "@/app/(app)/transactions/actions";
import { RowEditors } from "./row-editors";

/**
 * One ledger row as the table shows it, every figure already formatted on the server. The table is
 * a client component fed these plain rows: the page's RSC payload then carries 50 small objects
 * rather than 50 rows' worth of element trees, which the server would serialize and parse again to
 * render the HTML (most of the transactions page's CPU under load).
 */
export interface TransactionDisplayRow {
  id: string;
  externalId: string;
  /** "2024-12-30 09:40:25" (UTC) */
  time: string;
  /** The kind, or an income row's label. */
  type: string;
  description: string | null;
  wallet: string;
  /** "-0.5 BTC", or null when the row has no such leg. */
  sent: string | null;
  received: string | null;
  fee: string | null;
  /** The row's own fiat value, formatted, or "". */
  value: string;
  transfer: boolean;
  manual: boolean;
  ignored: boolean;
  warned: boolean;
  /** A withdrawal or deposit not yet marked as a transfer. */
  canMarkTransfer: boolean;
  /** The row's crypto assets, for "Set price". */
  cryptoAssets: string[];
  label: string | null;
}

const badge = "ml-1 rounded px-1.5 py-0.5 text-xs font-medium";

/** An amount cell: "-0.5 BTC", or a dash when the row has no such leg. */
function Amount({ text, incoming }: { text: string | null; incoming: boolean }) {
  if (text === null) return <td className="text-slate-300">—</td>;
  return <td className={`tabular whitespace-nowrap ${incoming ? "text-emerald-700" : "text-slate-800"}`}>{text}</td>;
}

// Cell padding and the editors' <summary> style are set once on the table rather than on each of
// the 50 rows' elements: a fifth less HTML to render, send and hydrate.
const TABLE = "min-w-full divide-y divide-slate-200 text-sm [&_td]:px-3 [&_td]:py-2.5 [&_summary]:cursor-pointer [&_summary]:text-xs [&_summary]:font-medium [&_summary]:text-slate-500 [&_summary:hover]:text-slate-900";

export function TransactionRows({ rows, currency }: { rows: TransactionDisplayRow[]; currency: string }) {
  return (
    <div className="overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
      <table className={TABLE}>
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-3">Date (UTC)</th>
            <th scope="col" className="px-3 py-3">Type</th>
            <th scope="col" className="px-3 py-3">Account</th>
            <th scope="col" className="px-3 py-3">Sent</th>
            <th scope="col" className="px-3 py-3">Received</th>
            <th scope="col" className="px-3 py-3">Fee</th>
            <th scope="col" className="px-3 py-3 text-right">Value</th>
            <th scope="col" className="px-3 py-3">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.id} className={`hover:bg-slate-50 ${r.ignored ? "opacity-50" : ""}`} data-testid="transaction-row">
              <td className="tabular whitespace-nowrap text-slate-600">{r.time}</td>
              <td>
                <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700">{r.type}</span>
                {r.transfer && <span className={`${badge} bg-brand-50 text-brand-700`}>transfer</span>}
                {r.manual && <span className={`${badge} bg-slate-100 text-slate-600`}>manual</span>}
                {r.warned && (
                  <Link href="/warnings" className={`${badge} bg-amber-100 text-amber-800 hover:underline`}>
                    warning
                  </Link>
                )}
                {r.description && <p className="mt-0.5 max-w-36 truncate text-xs text-slate-500" title={r.description}>{r.description}</p>}
              </td>
              <td className="text-slate-700">{r.wallet}</td>
              <Amount text={r.sent} incoming={false} />
              <Amount text={r.received} incoming />
              <Amount text={r.fee} incoming={false} />
              <td className="tabular text-right text-slate-700">{r.value}</td>
              <td className="space-y-1 whitespace-nowrap text-right">
                <RowEditors id={r.id} wallet={r.wallet} externalId={r.externalId} cryptoAssets={r.cryptoAssets} currency={currency} label={r.label} description={r.description} />
                {r.canMarkTransfer && (
                  <Link href={`/transactions/${r.id}/transfer`} className="block text-xs font-medium text-slate-500 hover:text-slate-900">
                    Mark as transfer
                  </Link>
                )}
                {r.transfer && (
                  <form action={unmarkTransferAction}>
                    <input type="hidden" name="transactionId" value={r.id} />
                    <button type="submit" className="text-xs font-medium text-slate-500 hover:text-slate-900">
                      Unmark transfer
                    </button>
                  </form>
                )}
                {r.manual && (
                  <form action={deleteManualTransactionAction}>
                    <input type="hidden" name="transactionId" value={r.id} />
                    <button type="submit" className="text-xs font-medium text-red-600 hover:text-red-800">
                      Delete
                    </button>
                  </form>
                )}
                <form action={setIgnoredAction}>
                  <input type="hidden" name="transactionId" value={r.id} />
                  <input type="hidden" name="ignored" value={r.ignored ? "false" : "true"} />
                  <button type="submit" className="text-xs font-medium text-slate-500 hover:text-slate-900" title={r.ignored ? "Count this row again" : "Leave this row out of every computation"}>
                    {r.ignored ? "Include" : "Ignore"}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
