import type { ImportListRow } from "@/lib/db/imports";
import { undoImportAction } from "@/app/(app)/imports/actions";

export function ImportsList({ imports, formatNames }: { imports: ImportListRow[]; formatNames: Record<string, string> }) {
  return (
    <div className="overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="imports-list">
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-3">File</th>
            <th scope="col" className="px-4 py-3">Format</th>
            <th scope="col" className="px-4 py-3">Account</th>
            <th scope="col" className="px-4 py-3">Imported (UTC)</th>
            <th scope="col" className="px-4 py-3 text-right">Rows</th>
            <th scope="col" className="px-4 py-3 text-right">New</th>
            <th scope="col" className="px-4 py-3 text-right">Already there</th>
            <th scope="col" className="px-4 py-3"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {imports.map((imp) => (
            <tr key={imp.id}>
              <td className="max-w-56 truncate px-4 py-2.5 font-medium text-slate-800" title={imp.fileName}>
                {imp.fileName}
              </td>
              <td className="px-4 py-2.5 text-slate-600">{formatNames[imp.format] ?? imp.format}</td>
              <td className="px-4 py-2.5 text-slate-600">{imp.wallet}</td>
              <td className="tabular whitespace-nowrap px-4 py-2.5 text-slate-600">{imp.createdAt.slice(0, 16).replace("T", " ")}</td>
              <td className="tabular px-4 py-2.5 text-right">{imp.rowsRead.toLocaleString("en-US")}</td>
              <td className="tabular px-4 py-2.5 text-right">{imp.created.toLocaleString("en-US")}</td>
              <td className="tabular px-4 py-2.5 text-right">{imp.skipped.toLocaleString("en-US")}</td>
              <td className="px-4 py-2.5 text-right">
                <form action={undoImportAction}>
                  <input type="hidden" name="importId" value={imp.id} />
                  <button type="submit" className="text-sm font-medium text-red-700 hover:underline" aria-label={`Undo import of ${imp.fileName}`}>
                    Undo
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
