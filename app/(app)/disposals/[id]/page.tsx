import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import Decimal from "decimal.js";
import { requireUser } from "@/lib/auth/session";
import { pageSnapshot } from "@/lib/server/request-snapshot";
import { formatMoney, formatQuantity } from "@/lib/format/amounts";
import { Card, PageHeader } from "@/components/ui/card";
import { Recalculating } from "@/components/ui/recalculating";
import { ruleLabel } from "@/components/disposals/labels";

export const metadata: Metadata = { title: "Disposal audit trail" };

const KINDS: Record<string, string> = { sale: "Sale", trade: "Trade", spend: "Spend", gift: "Gift", fee: "Fee paid in crypto", "transfer-fee": "Network fee on a transfer" };
const ledgerLink = (externalId: string) => `/transactions?${new URLSearchParams({ q: externalId, ignored: "1" })}`;
const when = (d: Date | null) => (d ? d.toISOString().slice(0, 19).replace("T", " ") : "—");

export default async function DisposalPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const id = decodeURIComponent((await params).id);
  if (id.length > 400) notFound();
  const state = await pageSnapshot(user.id);
  if (state.status === "computing") {
    return (
      <>
        <PageHeader title="Disposal" />
        <Recalculating computing />
      </>
    );
  }
  const { result } = state.snapshot;
  const lines = result.disposals.filter((d) => d.disposalId === id);
  if (lines.length === 0) notFound();
  const first = lines[0]!;
  const currency = result.settings.currency;
  const sum = (f: (d: (typeof lines)[number]) => Decimal) => lines.reduce((s, d) => s.plus(f(d)), new Decimal(0));
  const money = (d: Decimal) => formatMoney(d.toFixed(), currency);
  return (
    <>
      <PageHeader
        title={`${KINDS[first.kind] ?? first.kind} of ${formatQuantity(sum((d) => d.amount).toFixed())} ${first.asset}`}
        description={`${when(first.disposedAt)} UTC · ${first.account} · tax year ${result.summary.find((s) => s.taxYear === first.taxYear)?.label ?? first.taxYear}`}
        actions={
          <Link href={`/disposals?year=${first.taxYear}`} className="text-sm font-medium text-brand-600 hover:underline">
            All disposals of that year
          </Link>
        }
      />
      {state.status === "stale" && <Recalculating />}
      <div className="mb-6 grid gap-4 sm:grid-cols-3" data-testid="disposal-totals">
        <Card title="Proceeds">
          <p className="tabular text-xl font-semibold">{money(sum((d) => d.proceeds))}</p>
        </Card>
        <Card title="Cost basis">
          <p className="tabular text-xl font-semibold">{money(sum((d) => d.costBasis))}</p>
        </Card>
        <Card title="Gain">
          <p className="tabular text-xl font-semibold" data-testid="disposal-gain">
            {money(sum((d) => d.gain))}
          </p>
        </Card>
      </div>
      <div className="space-y-6">
        {lines.map((d, i) => (
          <Card key={i} title={`${ruleLabel(d, result.settings.jurisdiction)}: ${formatQuantity(d.amount.toFixed())} ${d.asset}`} description={`Proceeds ${money(d.proceeds)} − cost ${money(d.costBasis)} = ${money(d.gain)}`}>
            {(d.basisMissing || d.priceMissing) && (
              <p className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
                {d.basisMissing && "Part of this disposal had no acquisition in the ledger: that part's cost basis counts as zero. "}
                {d.priceMissing && "No price was found for the proceeds: they count as zero. "}
                <Link href="/warnings" className="font-medium underline">
                  Fix it in Warnings
                </Link>
              </p>
            )}
            <h3 className="text-sm font-semibold text-slate-800">Lots consumed</h3>
            <div className="-mx-5 mt-2 overflow-x-auto">
              <table className="min-w-full text-sm" data-testid="consumed-lots">
                <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
                  <tr>
                    <th className="px-5 py-1.5">Acquired</th>
                    <th className="px-3 py-1.5">Account</th>
                    <th className="px-3 py-1.5 text-right">Amount</th>
                    <th className="px-3 py-1.5 text-right">Cost basis</th>
                    <th className="px-5 py-1.5">Source</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {d.lots.map((l, j) => (
                    <tr key={`${l.id}-${j}`}>
                      <td className="px-5 py-1.5 tabular">{l.acquiredAt ? when(l.acquiredAt) : l.id.startsWith("s104:") ? "Section 104 pool" : "unknown"}</td>
                      <td className="px-3 py-1.5">{l.account ?? "—"}</td>
                      <td className="px-3 py-1.5 text-right tabular">{formatQuantity(l.amount.toFixed())}</td>
                      <td className="px-3 py-1.5 text-right tabular">
                        {money(l.costBasis)}
                        {l.basisMissing && <span className="ml-1 text-xs text-amber-700">(missing)</span>}
                      </td>
                      <td className="px-5 py-1.5 text-xs">
                        {l.externalId ? (
                          <Link href={ledgerLink(l.externalId)} className="font-medium text-brand-600 hover:underline">
                            {l.externalId.length > 28 ? `${l.externalId.slice(0, 28)}…` : l.externalId}
                          </Link>
                        ) : (
                          "pooled"
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {d.pool && (
              <p className="mt-3 text-xs text-slate-600" data-testid="pool">
                Section 104 pool before: {formatQuantity(d.pool.quantityBefore.toFixed())} {d.asset} costing {money(d.pool.costBefore)}; after: {formatQuantity(d.pool.quantityAfter.toFixed())} {d.asset} costing {money(d.pool.costAfter)}.
              </p>
            )}
            <h3 className="mt-4 text-sm font-semibold text-slate-800">Prices used</h3>
            {d.prices.length === 0 ? (
              <p className="mt-1 text-sm text-slate-600">The row gave its own value in {currency}.</p>
            ) : (
              <ul className="mt-1 space-y-1 text-xs text-slate-700" data-testid="prices-used">
                {d.prices.map((p, j) => (
                  <li key={j} className="tabular">
                    {formatQuantity(p.amount.toFixed())} {p.asset} = {formatMoney(p.value.toFixed(), p.currency)}
                    {p.price && ` at ${formatMoney(p.price.toFixed(), p.currency)} each`} · {when(p.at)} · <span className="text-slate-500">{p.source}</span>
                  </li>
                ))}
              </ul>
            )}
            <p className="mt-4 text-xs text-slate-500">
              Ledger rows:{" "}
              {d.entries.map((e) => (
                <Link key={e} href={ledgerLink(e)} className="mr-2 font-medium text-brand-600 hover:underline">
                  {e.length > 28 ? `${e.slice(0, 28)}…` : e}
                </Link>
              ))}
            </p>
          </Card>
        ))}
      </div>
    </>
  );
}
