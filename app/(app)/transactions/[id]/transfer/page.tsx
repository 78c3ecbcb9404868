import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { transferCandidates } from "@/lib/db/transactions";
import { listWallets } from "@/lib/db/wallets";
import { formatQuantity } from "@/lib/format/amounts";
import { Card, PageHeader } from "@/components/ui/card";
import { PairTransferForm, TransferDestinationForm } from "@/components/warnings/transfer-fixes";

export const metadata: Metadata = { title: "Mark as transfer" };

export default async function MarkTransferPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const found = await transferCandidates(user.id, id.slice(0, 64));
  if (!found) notFound();
  const { row, candidates } = found;
  const outgoing = row.kind === "withdrawal";
  const asset = outgoing ? row.sentAsset : row.receivedAsset;
  const amount = outgoing ? row.sentAmount : row.receivedAmount;
  const wallets = (await listWallets(user.id)).map((w) => w.name);
  return (
    <>
      <PageHeader
        title="Mark as a transfer between your accounts"
        description={`${outgoing ? "Withdrawal" : "Deposit"} of ${formatQuantity(amount ?? "0")} ${asset} ${outgoing ? "from" : "into"} ${row.wallet} on ${row.time.slice(0, 16).replace("T", " ")} UTC`}
        actions={<Link href="/transactions" className="text-sm font-medium text-brand-600 hover:underline">Back to transactions</Link>}
      />
      <div className="space-y-6">
        <Card title={outgoing ? "Where it arrived" : "Where it came from"} description={`${outgoing ? "Deposits" : "Withdrawals"} of ${asset} in your other accounts, ${outgoing ? "from a day before to 30 days after" : "from 30 days before to a day after"}; closest first. The cost basis and acquisition dates move with the coins.`}>
          {candidates.length === 0 ? (
            <p className="text-sm text-slate-600">None found in your other accounts.</p>
          ) : (
            <ul className="space-y-2" data-testid="transfer-candidates">
              {candidates.map((c) => (
                <li key={c.id}>
                  <PairTransferForm withdrawalId={outgoing ? row.id : c.id} depositId={outgoing ? c.id : row.id} label={`${formatQuantity(c.amount)} ${c.asset} ${outgoing ? "into" : "from"} ${c.wallet} on ${c.time.slice(0, 16).replace("T", " ")}${c.transferId ? " (already paired; re-pair)" : ""}`} />
                </li>
              ))}
            </ul>
          )}
        </Card>
        {outgoing && (
          <Card title="Sent to a wallet not in Lotwise yet" description="Name the wallet: Lotwise records the coins arriving there, so they keep their cost basis.">
            <TransferDestinationForm withdrawalId={row.id} wallets={wallets} from={row.wallet} />
          </Card>
        )}
      </div>
    </>
  );
}
