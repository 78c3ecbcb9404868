"use client";

import { useEffect, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import type { SyncRunDto } from "@/lib/db/sync";
import { syncNowAction } from "@/app/(app)/connections/actions";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { ProgressBar } from "@/components/imports/progress-bar";

const ACTIVE = new Set(["QUEUED", "RUNNING", "WAITING"]);
const PHASES: Record<string, string> = { markets: "Finding markets", trades: "Trades", deposits: "Deposits", withdrawals: "Withdrawals", ledger: "Ledger (rewards, conversions, fees)" };

export function SyncPanel({ connectionId, initialRun, lastSyncAt, disabled }: { connectionId: string; initialRun: SyncRunDto | null; lastSyncAt: string | null; disabled?: boolean }) {
  const router = useRouter();
  const [run, setRun] = useState<SyncRunDto | null>(initialRun);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const active = run !== null && ACTIVE.has(run.status);

  useEffect(() => {
    if (!run || !ACTIVE.has(run.status)) return;
    const timer = setInterval(async () => {
      const res = await fetch(`/api/sync-runs/${run.id}`, { cache: "no-store" });
      if (!res.ok) return;
      const next = (await res.json()) as SyncRunDto;
      setRun(next);
      if (!ACTIVE.has(next.status)) router.refresh();
    }, 1000);
    return () => clearInterval(timer);
  }, [run, router]);

  const fraction = run && run.streamCount > 0 ? Math.min(1, run.streamIndex / run.streamCount) : null;

  return (
    <div className="space-y-3" data-testid="sync-panel">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600">{lastSyncAt ? `Last synced ${lastSyncAt.slice(0, 16).replace("T", " ")} UTC` : "Not synced yet"}</p>
        <Button
          type="button"
          disabled={pending || active || disabled}
          onClick={() =>
            start(async () => {
              setError(null);
              const out = await syncNowAction({ connectionId });
              if (out.ok) setRun(out.run);
              else setError(out.error);
            })
          }
        >
          {active ? "Syncing…" : "Sync now"}
        </Button>
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      {run && active && (
        <div aria-live="polite">
          <ProgressBar
            fraction={run.status === "QUEUED" ? null : fraction}
            label={
              run.status === "QUEUED"
                ? "Queued: waiting for a worker…"
                : run.status === "WAITING"
                  ? (run.message ?? "Waiting for the exchange…")
                  : `${PHASES[run.phase ?? "markets"] ?? run.phase} · ${run.fetched.toLocaleString("en-US")} items fetched, ${run.created.toLocaleString("en-US")} new`
            }
          />
        </div>
      )}
      {run?.status === "SUCCEEDED" && (
        <div className="space-y-2" data-testid="sync-summary">
          <Alert tone="success">
            Sync finished: {run.created.toLocaleString("en-US")} new transactions
            {Object.keys(run.createdByKind).length > 0 &&
              ` (${Object.entries(run.createdByKind)
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([k, n]) => `${k} ${n}`)
                .join(", ")})`}
            , {run.fetched.toLocaleString("en-US")} items checked.
          </Alert>
          {run.balanceDiffs && run.balanceDiffs.length > 0 && (
            <Alert tone="warning">
              <p className="font-medium">The exchange reports balances the ledger does not explain, so some history may be missing:</p>
              <ul className="mt-1 list-disc pl-5">
                {run.balanceDiffs.map((d) => (
                  <li key={d.asset}>
                    {d.asset}: exchange {d.reported}, ledger {d.implied} (difference {d.difference})
                  </li>
                ))}
              </ul>
            </Alert>
          )}
          {run.balanceDiffs && run.balanceDiffs.length === 0 && <p className="text-xs text-emerald-700">Balance check passed: every asset&apos;s balance matches the ledger.</p>}
          {run.notices.length > 0 && (
            <Alert tone="warning">
              <ul className="list-disc pl-5" data-testid="sync-notices">
                {run.notices.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            </Alert>
          )}
        </div>
      )}
      {run?.status === "FAILED" && <Alert tone="error">Sync failed: {run.message}</Alert>}
    </div>
  );
}
