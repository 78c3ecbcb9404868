import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { countLedger } from "@/lib/db/transactions";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";

export const metadata: Metadata = { title: "Reports" };

export default async function ReportsPage() {
  const user = await requireUser();
  const counts = await countLedger(user.id);
  return (
    <>
      <PageHeader title="Reports" description="Form 8949, Schedule D, income, TurboTax/TaxAct exports and the UK capital gains summary." />
      <EmptyState
        title={counts.transactions === 0 ? "Nothing to report yet" : "Reports are computed from your ledger"}
        actions={
          <Link href="/imports" className={buttonClass(counts.transactions === 0 ? "primary" : "secondary")}>
            {counts.transactions === 0 ? "Upload a CSV export" : "Add more history"}
          </Link>
        }
      >
        <p>Reports need your complete history: every buy, so each sale has its cost basis. Import every exchange and wallet you have used, then pick a tax year here.</p>
      </EmptyState>
    </>
  );
}
