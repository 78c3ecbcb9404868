import type { PreviewRow } from "@/app/(app)/imports/actions";

export function PreviewTable({ rows }: { rows: PreviewRow[] }) {
  return (
    <div>
      <p className="mb-2 text-sm text-slate-600">The first {rows.length} rows, as Lotwise will record them:</p>
      <div className="overflow-x-auto rounded-lg ring-1 ring-slate-200">
        <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="import-preview">
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-3 py-2">Line</th>
              <th scope="col" className="px-3 py-2">Time (UTC)</th>
              <th scope="col" className="px-3 py-2">Type</th>
              <th scope="col" className="px-3 py-2">Sent</th>
              <th scope="col" className="px-3 py-2">Received</th>
              <th scope="col" className="px-3 py-2">Fee</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 bg-white">
            {rows.map((r, i) => (
              <tr key={i}>
                <td className="tabular px-3 py-1.5 text-slate-500">{r.line ?? ""}</td>
                <td className="tabular whitespace-nowrap px-3 py-1.5">{r.time.slice(0, 19).replace("T", " ")}</td>
                <td className="px-3 py-1.5">{r.kind === "income" && r.label ? r.label : r.kind}</td>
                <td className="tabular px-3 py-1.5">{r.sent ?? ""}</td>
                <td className="tabular px-3 py-1.5">{r.received ?? ""}</td>
                <td className="tabular px-3 py-1.5">{r.fee ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
