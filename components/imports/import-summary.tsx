import type { ImportSummaryDto } from "@/lib/uploads/events";
import { Alert } from "@/components/ui/alert";

export function ImportSummaryView({ summary }: { summary: ImportSummaryDto }) {
  const kinds = Object.entries(summary.createdByKind).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="space-y-3" data-testid="import-summary">
      <Alert tone={summary.created > 0 ? "success" : "info"}>
        <p className="font-medium">
          {summary.fileName} ({summary.formatName}) into {summary.account}: {summary.created.toLocaleString("en-US")} new, {summary.alreadyImported.toLocaleString("en-US")} already imported
        </p>
      </Alert>
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
        <Stat label="Rows read" value={summary.rowsRead} />
        <Stat label="New transactions" value={summary.created} />
        <Stat label="Already imported" value={summary.alreadyImported} />
        <Stat label="Rows skipped" value={summary.skippedRows} hint="internal moves and pending rows" />
      </dl>
      {kinds.length > 0 && (
        <p className="text-sm text-slate-600">
          New by type:{" "}
          {kinds.map(([kind, n], i) => (
            <span key={kind}>
              {i > 0 && ", "}
              {kind} {n.toLocaleString("en-US")}
            </span>
          ))}
        </p>
      )}
    </div>
  );
}

function Stat({ label, value, hint }: { label: string; value: number; hint?: string }) {
  return (
    <div className="rounded-lg bg-white px-3 py-2 ring-1 ring-slate-200">
      <dt className="text-xs text-slate-500" title={hint}>
        {label}
      </dt>
      <dd className="tabular text-lg font-semibold text-slate-900">{value.toLocaleString("en-US")}</dd>
    </div>
  );
}
