"use client";

import { useState, useTransition } from "react";
import type { ConnectionDto } from "@/lib/db/connections";
import { deleteConnectionAction, relabelConnectionAction, reverifyConnectionAction, type VerifyResultDto } from "@/app/(app)/connections/actions";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { VerifyFailure } from "./verify-failure";

export function ConnectionCard({ connection, exchangeName, highlight, children }: { connection: ConnectionDto; exchangeName: string; highlight?: boolean; children?: React.ReactNode }) {
  const [pending, start] = useTransition();
  const [verify, setVerify] = useState<VerifyResultDto | null>(null);
  const [renaming, setRenaming] = useState(false);
  const [label, setLabel] = useState(connection.label);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleteRows, setDeleteRows] = useState(false);

  return (
    <article data-testid="connection" className={`rounded-xl bg-white p-5 shadow-sm ring-1 ${highlight ? "ring-2 ring-emerald-400" : "ring-slate-200"}`}>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          {renaming ? (
            <form
              className="flex gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                start(async () => {
                  const r = await relabelConnectionAction({ connectionId: connection.id, label });
                  if (r.ok) setRenaming(false);
                });
              }}
            >
              <input aria-label="Connection name" className="rounded-md px-2 py-1 text-sm ring-1 ring-slate-300" value={label} maxLength={64} onChange={(e) => setLabel(e.target.value)} />
              <Button type="submit" variant="secondary" disabled={pending}>
                Save
              </Button>
            </form>
          ) : (
            <h2 className="text-base font-semibold text-slate-900">{connection.label}</h2>
          )}
          <p className="mt-0.5 text-sm text-slate-600">
            {exchangeName} · key <span className="font-mono">••••{connection.keyLast4}</span> · account “{connection.walletName}”
          </p>
          {connection.status === "OK" ? (
            <p className="mt-2 inline-flex items-center gap-1.5 rounded-full bg-emerald-50 px-2.5 py-0.5 text-xs font-medium text-emerald-800 ring-1 ring-emerald-200" title={connection.verifiedBy}>
              Verified read-only on {connection.verifiedAt.slice(0, 10)}
            </p>
          ) : (
            <p className="mt-2 inline-flex rounded-full bg-amber-50 px-2.5 py-0.5 text-xs font-medium text-amber-900 ring-1 ring-amber-200">Needs attention</p>
          )}
          <p className="mt-1 text-xs text-slate-500">Checked by: {connection.verifiedBy}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button type="button" variant="secondary" disabled={pending} onClick={() => start(async () => setVerify(await reverifyConnectionAction({ connectionId: connection.id })))}>
            {pending ? "Working…" : "Re-verify"}
          </Button>
          <Button type="button" variant="ghost" onClick={() => setRenaming((r) => !r)}>
            Rename
          </Button>
          <Button type="button" variant="danger" onClick={() => setConfirmDelete(true)}>
            Delete
          </Button>
        </div>
      </div>
      {connection.status === "NEEDS_ATTENTION" && connection.attention && (
        <div className="mt-3">
          <Alert tone="warning">{connection.attention}</Alert>
        </div>
      )}
      {verify?.ok && (
        <div className="mt-3">
          <Alert tone="success">Still read-only. {verify.description}</Alert>
        </div>
      )}
      {verify && !verify.ok && (
        <div className="mt-3">
          <VerifyFailure result={verify} />
        </div>
      )}
      {children && <div className="mt-4 border-t border-slate-100 pt-4">{children}</div>}
      {confirmDelete && (
        <div className="mt-4 space-y-3 rounded-lg bg-red-50 p-4 text-sm ring-1 ring-red-200">
          <p className="font-medium text-red-900">Delete this connection? Its encrypted key is erased.</p>
          <label className="flex items-center gap-2 text-red-900">
            <input type="checkbox" checked={deleteRows} onChange={(e) => setDeleteRows(e.target.checked)} />
            Also delete the transactions synced from it
          </label>
          <div className="flex gap-2">
            <Button type="button" variant="danger" disabled={pending} onClick={() => start(async () => void (await deleteConnectionAction({ connectionId: connection.id, deleteTransactions: deleteRows })))}>
              Delete connection
            </Button>
            <Button type="button" variant="ghost" onClick={() => setConfirmDelete(false)}>
              Cancel
            </Button>
          </div>
        </div>
      )}
    </article>
  );
}
