import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { listConnections } from "@/lib/db/connections";
import { latestSyncRuns } from "@/lib/db/sync";
import { SyncPanel } from "@/components/connections/sync-panel";
import { syncLimitations } from "@/lib/exchanges/sync/limitations";
import { EXCHANGE_CATALOG, isExchangeId } from "@/lib/exchanges/catalog";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { ConnectionCard } from "@/components/connections/connection-card";

export const metadata: Metadata = { title: "Connections" };

export default async function ConnectionsPage({ searchParams }: { searchParams: Promise<{ connected?: string }> }) {
  const user = await requireUser();
  const [{ connected }, connections] = await Promise.all([searchParams, listConnections(user.id)]);
  const runs = await latestSyncRuns(user.id, connections.map((c) => c.id));
  const justConnected = connections.find((c) => c.id === connected);
  const connect = (
    <Link href="/connections/new" className={buttonClass("primary")}>
      Connect an exchange
    </Link>
  );
  return (
    <>
      <PageHeader title="Connections" description="Exchanges Lotwise reads your history from, with keys proven to be read-only." actions={connections.length > 0 ? connect : undefined} />
      {justConnected && (
        <div className="mb-4">
          <Alert tone="success">
            {justConnected.label} is connected. The key was verified read-only: {justConnected.verifiedBy}.
          </Alert>
        </div>
      )}
      {connections.length === 0 ? (
        <EmptyState
          title="No exchanges connected"
          actions={
            <>
              {connect}
              <Link href="/imports" className={buttonClass("secondary")}>
                Upload a CSV export instead
              </Link>
            </>
          }
        >
          <p>Lotwise only ever accepts API keys that can read, never trade or withdraw: it asks the exchange what each key may do and refuses any other key.</p>
          <p className="mt-2">Supported: {Object.values(EXCHANGE_CATALOG).map((e) => e.name).join(", ")}.</p>
        </EmptyState>
      ) : (
        <div className="space-y-4">
          {connections.map((c) => (
            <ConnectionCard key={c.id} connection={c} exchangeName={isExchangeId(c.exchange) ? EXCHANGE_CATALOG[c.exchange].name : c.exchange} highlight={c.id === connected}>
              <SyncPanel connectionId={c.id} initialRun={runs[c.id] ?? null} lastSyncAt={c.lastSyncAt} />
              {isExchangeId(c.exchange) && syncLimitations(c.exchange).length > 0 && (
                <details className="mt-3 text-xs text-slate-600" data-testid="sync-limitations">
                  <summary className="cursor-pointer font-medium text-slate-700">Not in the API sync ({syncLimitations(c.exchange).length})</summary>
                  <ul className="mt-1 list-disc space-y-1 pl-5">
                    {syncLimitations(c.exchange).map((l) => (
                      <li key={l.id}>{l.message}</li>
                    ))}
                  </ul>
                </details>
              )}
            </ConnectionCard>
          ))}
        </div>
      )}
    </>
  );
}
