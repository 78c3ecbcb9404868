import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { listWallets } from "@/lib/db/wallets";
import { getUserSettings } from "@/lib/db/users";
import { Card, PageHeader } from "@/components/ui/card";
import { ManualTransactionForm } from "@/components/transactions/manual-transaction-form";

export const metadata: Metadata = { title: "Add a transaction" };

const Query = z.object({
  kind: z.string().max(20).optional().catch(undefined),
  asset: z.string().max(20).optional().catch(undefined),
  account: z.string().max(64).optional().catch(undefined),
  before: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/).optional().catch(undefined),
});

/** The form behind "Add transaction" and the warnings centre's "add the missing purchase" (prefilled from the query). */
export default async function NewTransactionPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const q = Query.parse(await searchParams);
  const [wallets, settings] = await Promise.all([listWallets(user.id), getUserSettings(user.id)]);
  // A purchase offered as a fix must come before the disposal it covers: default to a day earlier.
  const time = q.before ? new Date(Date.parse(`${q.before}Z`) - 86_400_000).toISOString().slice(0, 16) : undefined;
  return (
    <>
      <PageHeader title="Add a transaction" description="For a wallet with no export, or history an exchange no longer shows. Hand-entered rows are marked as such and can be deleted." actions={<Link href="/transactions" className="text-sm font-medium text-brand-600 hover:underline">Back to transactions</Link>} />
      <Card>
        <ManualTransactionForm defaults={{ kind: q.kind, asset: q.asset, account: q.account, time, currency: settings?.baseCurrency ?? "USD" }} wallets={wallets.map((w) => w.name)} />
      </Card>
    </>
  );
}
