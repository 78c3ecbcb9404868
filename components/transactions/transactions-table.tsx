import type { TransactionRow } from "@/lib/db/transactions";
import { formatMoney, formatQuantity } from "@/lib/format/amounts";
import Link from "next/link";
import { deleteManualTransactionAction, setIgnoredAction, unmarkTransferAction } from "@/app/(app)/transactions/actions";
import { RowEditors } from "./row-editors";
import { isFiat } from "@/lib/ledger/types";

function Amount({ asset, amount, sign }: { asset: string | null; amount: string | null; sign: "+" | "-" }) {
  if (!asset || amount === null) return <span className="text-slate-300">—</span>;
  return (
    <span className={`tabular whitespace-nowrap ${sign === "+" ? "text-emerald-700" : "text-slate-800"}`}>
      {sign}
      {formatQuantity(amount)} {asset}
    </span>
  );
}

const badge = "ml-1 rounded px-1.5 py-0.5 text-xs font-medium";

export function TransactionsTable({ rows, currency, warned = new Set<string>() }: { rows: TransactionRow[]; currency: string; warned?: ReadonlySet<string> }) {
  return (
    <div className="overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-3">Date (UTC)</th>
            <th scope="col" className="px-4 py-3">Type</th>
            <th scope="col" className="px-4 py-3">Account</th>
            <th scope="col" className="px-4 py-3">Sent</th>
            <th scope="col" className="px-4 py-3">Received</th>
            <th scope="col" className="px-4 py-3">Fee</th>
            <th scope="col" className="px-4 py-3 text-right">Value</th>
            <th scope="col" className="px-4 py-3">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.id} className={`hover:bg-slate-50 ${r.ignored ? "opacity-50" : ""}`} data-testid="transaction-row">
              <td className="tabular whitespace-nowrap px-4 py-2.5 text-slate-600">{r.time.slice(0, 19).replace("T", " ")}</td>
              <td className="px-4 py-2.5">
                <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700">{r.label && r.kind === "income" ? r.label : r.kind}</span>
                {r.transferId && <span className={`${badge} bg-brand-50 text-brand-700`}>transfer</span>}
                {r.manual && <span className={`${badge} bg-slate-100 text-slate-600`}>manual</span>}
                {warned.has(r.externalId) && (
                  <Link href="/warnings" className={`${badge} bg-amber-100 text-amber-800 hover:underline`}>
                    warning
                  </Link>
                )}
                {r.description && <p className="mt-0.5 max-w-xs truncate text-xs text-slate-500" title={r.description}>{r.description}</p>}
              </td>
              <td className="px-4 py-2.5 text-slate-700">{r.wallet}</td>
              <td className="px-4 py-2.5">
                <Amount asset={r.sentAsset} amount={r.sentAmount} sign="-" />
              </td>
              <td className="px-4 py-2.5">
                <Amount asset={r.receivedAsset} amount={r.receivedAmount} sign="+" />
              </td>
              <td className="px-4 py-2.5">
                <Amount asset={r.feeAsset} amount={r.feeAmount} sign="-" />
              </td>
              <td className="tabular px-4 py-2.5 text-right text-slate-700">{r.fiatValue && r.fiatCurrency ? formatMoney(r.fiatValue, r.fiatCurrency) : ""}</td>
              <td className="space-y-1 px-4 py-2.5 text-right">
                <RowEditors id={r.id} wallet={r.wallet} externalId={r.externalId} cryptoAssets={[...new Set([r.receivedAsset, r.sentAsset].filter((a): a is string => Boolean(a) && !isFiat(a as string)))]} currency={currency} label={r.label} description={r.description} />
                {(r.kind === "withdrawal" || r.kind === "deposit") && !r.transferId && (
                  <Link href={`/transactions/${r.id}/transfer`} className="block text-xs font-medium text-slate-500 hover:text-slate-900">
                    Mark as transfer
                  </Link>
                )}
                {r.transferId && (
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
