import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { countLedger } from "@/lib/db/transactions";
import { getUserSettings } from "@/lib/db/users";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requireUser();
  const [counts, settings] = await Promise.all([countLedger(user.id), getUserSettings(user.id)]);
  return (
    <>
      <PageHeader title="Dashboard" description={settings ? `${settings.jurisdiction} rules · ${settings.baseCurrency} · ${settings.costBasisMethod}` : undefined} />
      {counts.transactions === 0 ? (
        <EmptyState
          title="Your ledger is empty"
          actions={
            <>
              <Link href="/imports" className={buttonClass("primary")}>
                Upload a CSV export
              </Link>
              <Link href="/connections" className={buttonClass("secondary")}>
                Connect an exchange
              </Link>
              <Link href="/settings" className={buttonClass("ghost")}>
                Check your tax settings
              </Link>
            </>
          }
        >
          <p>Start by bringing in your history: upload the CSV your exchange lets you download, or connect an exchange with a read-only API key.</p>
          <p className="mt-2">Then check your jurisdiction and cost-basis method in Settings so gains are computed under the right rules.</p>
        </EmptyState>
      ) : (
        <div className="grid gap-4 sm:grid-cols-3">
          <Card title="Transactions">
            <p className="tabular text-3xl font-semibold">{counts.transactions.toLocaleString("en-US")}</p>
          </Card>
          <Card title="Accounts">
            <p className="tabular text-3xl font-semibold">{counts.wallets.toLocaleString("en-US")}</p>
          </Card>
          <Card title="Imports">
            <p className="tabular text-3xl font-semibold">{counts.imports.toLocaleString("en-US")}</p>
          </Card>
        </div>
      )}
    </>
  );
}
