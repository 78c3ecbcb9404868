import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { EXCHANGE_CATALOG, EXCHANGE_IDS } from "@/lib/exchanges/catalog";
import { Card, PageHeader } from "@/components/ui/card";
import { ConnectWizard } from "@/components/connections/connect-wizard";
import { SYNC_LIMITATIONS } from "@/lib/exchanges/sync/limitations";

export const metadata: Metadata = { title: "Connect an exchange" };

export default async function NewConnectionPage({ searchParams }: { searchParams: Promise<{ exchange?: string }> }) {
  await requireUser();
  const { exchange } = await searchParams;
  return (
    <>
      <PageHeader title="Connect an exchange" description="Lotwise accepts only keys that can read. It asks the exchange what the key may do and refuses any key that can trade, withdraw or transfer." />
      <Card>
        <ConnectWizard exchanges={EXCHANGE_IDS.map((id) => EXCHANGE_CATALOG[id])} initial={exchange} limitations={SYNC_LIMITATIONS} />
      </Card>
    </>
  );
}
