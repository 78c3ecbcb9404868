import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";

export const metadata: Metadata = { title: "Connections" };

export default async function ConnectionsPage() {
  await requireUser();
  return (
    <>
      <PageHeader title="Connections" description="Exchanges Lotwise reads your history from, with keys proven to be read-only." />
      <EmptyState
        title="No exchanges connected"
        actions={
          <Link href="/imports" className={buttonClass("primary")}>
            Upload a CSV export instead
          </Link>
        }
      >
        <p>Lotwise only ever accepts API keys that can read, never trade or withdraw: it asks the exchange what each key may do and refuses any other key.</p>
        <p className="mt-2">Until you connect one, upload the CSV export your exchange lets you download.</p>
      </EmptyState>
    </>
  );
}
