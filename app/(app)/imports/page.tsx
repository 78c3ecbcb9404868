import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { EmptyState, PageHeader } from "@/components/ui/card";

export const metadata: Metadata = { title: "Imports" };

export default async function ImportsPage() {
  await requireUser();
  return (
    <>
      <PageHeader title="Imports" description="Upload the CSV exports your exchanges give you." />
      <EmptyState title="No imports yet">
        <p>Download your transaction history as CSV from your exchange (Coinbase, Binance, Kraken, Gemini, KuCoin, Bybit, OKX, Crypto.com, Bitstamp) and upload it here.</p>
      </EmptyState>
    </>
  );
}
