"use client";

import { useActionState } from "react";
import { importPriceCsvAction, type PriceCsvState } from "@/app/(app)/imports/price-actions";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { RowIssues } from "@/components/imports/row-issues";

export function PriceCsvForm() {
  const [state, action, pending] = useActionState<PriceCsvState, FormData>(importPriceCsvAction, {});
  return (
    <form action={action} className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <input type="file" name="file" accept=".csv,text/csv" aria-label="Price CSV file" className="text-sm" />
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? "Importing…" : "Import prices"}
        </Button>
      </div>
      {state.ok && (
        <Alert tone="success">
          {state.ok.fileName}: {state.ok.created} new prices, {state.ok.updated} updated, {state.ok.unchanged} unchanged.
        </Alert>
      )}
      {state.error && <Alert tone="error">{state.error}</Alert>}
      {state.issues && state.issues.length > 0 && <RowIssues issues={state.issues} />}
    </form>
  );
}
