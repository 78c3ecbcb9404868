import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { listTransactions } from "@/lib/db/transactions";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { TransactionsTable } from "@/components/transactions/transactions-table";

export const metadata: Metadata = { title: "Transactions" };

const PAGE_SIZE = 50;
const Query = z.object({ page: z.coerce.number().int().min(1).catch(1) });

export default async function TransactionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const { page } = Query.parse(await searchParams);
  const result = await listTransactions(user.id, { page, pageSize: PAGE_SIZE });
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  return (
    <>
      <PageHeader title="Transactions" description={result.total > 0 ? `${result.total.toLocaleString("en-US")} ledger rows across your accounts` : "Every trade, deposit, withdrawal, reward and fee in one ledger."} />
      {result.total === 0 ? (
        <EmptyState
          title="No transactions yet"
          actions={
            <>
              <Link href="/imports" className={buttonClass("primary")}>
                Upload a CSV export
              </Link>
              <Link href="/connections" className={buttonClass("secondary")}>
                Connect an exchange
              </Link>
            </>
          }
        >
          Transactions appear here once you upload an exchange export or sync a connected exchange.
        </EmptyState>
      ) : (
        <>
          <TransactionsTable rows={result.rows} />
          <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm text-slate-600">
            <span>
              Page {result.page} of {pages}
            </span>
            <div className="flex gap-2">
              {page > 1 && (
                <Link className={buttonClass("secondary")} href={`/transactions?page=${page - 1}`}>
                  Previous
                </Link>
              )}
              {page < pages && (
                <Link className={buttonClass("secondary")} href={`/transactions?page=${page + 1}`}>
                  Next
                </Link>
              )}
            </div>
          </nav>
        </>
      )}
    </>
  );
}
