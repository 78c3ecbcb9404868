"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { UNIVERSAL_COLUMNS, UNIVERSAL_REQUIRED_COLUMNS } from "@/lib/ledger/universal";

/** Guess: a file column whose name contains the field's words (e.g. "Received Qty" for "Received Amount"). */
function guess(field: string, headers: string[]): string {
  const words = field.toLowerCase().split(" ");
  const exact = headers.find((h) => h.trim().toLowerCase() === field.toLowerCase());
  if (exact) return exact;
  return headers.find((h) => words.every((w) => h.toLowerCase().includes(w))) ?? "";
}

export function ColumnMapper({ headers, message, onSave }: { headers: string[]; message: string; onSave(name: string, mapping: Record<string, string>): Promise<string | null> }) {
  const [mapping, setMapping] = useState<Record<string, string>>(() => Object.fromEntries(UNIVERSAL_COLUMNS.map((f) => [f, guess(f, headers)])));
  const [name, setName] = useState("My export layout");
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  return (
    <div className="space-y-4">
      <Alert tone="warning">
        <p className="font-medium">Lotwise does not recognise this file&apos;s layout.</p>
        <p className="mt-1 break-words text-xs">{message}</p>
      </Alert>
      <p className="text-sm text-slate-600">Tell Lotwise which column holds what. Amounts must be positive numbers; the date must be UTC. The mapping is saved and offered again for files with the same headers.</p>
      <div className="grid gap-3 sm:grid-cols-2">
        {UNIVERSAL_COLUMNS.map((field) => (
          <label key={field} className="block text-sm">
            <span className="font-medium text-slate-700">
              {field}
              {UNIVERSAL_REQUIRED_COLUMNS.includes(field) && <span className="text-red-600"> *</span>}
            </span>
            <select
              aria-label={`Column for ${field}`}
              className="mt-1 block w-full rounded-md bg-white px-2 py-1.5 text-sm ring-1 ring-slate-300"
              value={mapping[field] ?? ""}
              onChange={(e) => setMapping((m) => ({ ...m, [field]: e.target.value }))}
            >
              <option value="">(not in this file)</option>
              {headers.map((h, i) => (
                <option key={`${h}-${i}`} value={h}>
                  {h}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      <label className="block max-w-sm text-sm">
        <span className="font-medium text-slate-700">Name this layout</span>
        <input className="mt-1 block w-full rounded-md px-3 py-1.5 ring-1 ring-slate-300" value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      {error && <Alert tone="error">{error}</Alert>}
      <Button
        type="button"
        disabled={saving}
        onClick={async () => {
          setSaving(true);
          setError(await onSave(name, Object.fromEntries(Object.entries(mapping).filter(([, v]) => v !== ""))));
          setSaving(false);
        }}
      >
        {saving ? "Saving…" : "Save mapping and preview"}
      </Button>
    </div>
  );
}
