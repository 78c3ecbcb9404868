import type { RowIssue } from "@/lib/ledger/types";

export function RowIssues({ issues, total }: { issues: RowIssue[]; total?: number }) {
  return (
    <div className="overflow-hidden rounded-lg ring-1 ring-red-200">
      <table className="min-w-full divide-y divide-red-100 text-sm" data-testid="row-errors">
        <thead className="bg-red-50 text-left text-xs font-semibold uppercase tracking-wide text-red-800">
          <tr>
            <th scope="col" className="px-3 py-2">Line</th>
            <th scope="col" className="px-3 py-2">Column</th>
            <th scope="col" className="px-3 py-2">Problem</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-red-50 bg-white">
          {issues.map((i, n) => (
            <tr key={`${i.line}-${i.column ?? ""}-${n}`}>
              <td className="tabular px-3 py-2 text-slate-700">{i.line}</td>
              <td className="px-3 py-2 text-slate-700">{i.column ?? "—"}</td>
              <td className="px-3 py-2 text-slate-800">{i.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {total !== undefined && total > issues.length && <p className="bg-red-50 px-3 py-2 text-xs text-red-800">…and {total - issues.length} more. Fix these and upload again.</p>}
    </div>
  );
}
