import type { Metadata } from "next";
import Link from "next/link";
import type Decimal from "decimal.js";
import { requireUser } from "@/lib/auth/session";
import { pageSnapshot } from "@/lib/server/request-snapshot";
import { requestLocale } from "@/lib/server/locale";
import { holdingsFrom } from "@/lib/portfolio/holdings";
import { formatMoney, formatQuantity } from "@/lib/format/amounts";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { Recalculating } from "@/components/ui/recalculating";

export const metadata: Metadata = { title: "Holdings" };

const LOTS_SHOWN = 100;
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "—");

export default async function HoldingsPage() {
  const user = await requireUser();
  const [state, locale] = await Promise.all([pageSnapshot(user.id), requestLocale()]);
  const header = <PageHeader title="Holdings" description="What you hold now, per asset and per account: quantity, cost basis, market value and unrealized gain. Open an asset to see its lots." />;
  if (state.status === "computing") {
    return (
      <>
        {header}
        <Recalculating computing />
      </>
    );
  }
  const { result, valuation } = state.snapshot;
  const currency = result.settings.currency;
  const money = (d: Decimal | null) => (d === null ? "no price" : formatMoney(d.toFixed(), currency, locale));
  const qty = (d: Decimal) => formatQuantity(d.toFixed(), 8, locale);
  const gainClass = (d: Decimal | null) => (d === null ? "text-slate-400" : d.isNeg() ? "text-red-700" : "text-emerald-700");
  const lots = new Map(holdingsFrom(result).map((h) => [h.asset, h.lots]));
  if (valuation.assets.length === 0) {
    return (
      <>
        {header}
        {state.status === "stale" && <Recalculating />}
        <EmptyState title="Nothing held" actions={<Link href="/imports" className={buttonClass("primary")}>Import your history</Link>}>
          Holdings appear once your ledger shows something acquired and not yet disposed of.
        </EmptyState>
      </>
    );
  }
  const t = valuation.totals;
  return (
    <>
      {header}
      {state.status === "stale" && <Recalculating />}
      <p className="mb-4 text-sm text-slate-600">
        Total {money(t.value)} · cost {money(t.costBasis)} · unrealized <span className={gainClass(t.unrealizedGain)}>{money(t.unrealizedGain)}</span>
        {t.unpricedAssets > 0 && ` · ${t.unpricedAssets} assets without a price are left out of value and gain`} · prices as of {valuation.pricedAt.toISOString().slice(0, 16).replace("T", " ")} UTC
      </p>
      <Card>
        <div className="-mx-5 overflow-x-auto">
          <table className="min-w-full text-sm" data-testid="holdings-table">
            <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-5 py-2">Asset / account</th>
                <th className="px-3 py-2 text-right">Quantity</th>
                <th className="px-3 py-2 text-right">Cost basis</th>
                <th className="px-3 py-2 text-right">Price</th>
                <th className="px-3 py-2 text-right">Market value</th>
                <th className="px-3 py-2 text-right">Unrealized gain</th>
                <th className="px-5 py-2">Avg. acquired</th>
              </tr>
            </thead>
            {valuation.assets.map((a) => (
              <tbody key={a.asset} className="border-t border-slate-200" data-testid="holding">
                <tr className="bg-slate-50/60 font-medium">
                  <td className="px-5 py-2">
                    {a.asset}
                    {a.basisMissing && <span className="ml-2 text-xs font-normal text-amber-700">basis partly missing</span>}
                  </td>
                  <td className="px-3 py-2 text-right tabular">{qty(a.quantity)}</td>
                  <td className="px-3 py-2 text-right tabular">{money(a.costBasis)}</td>
                  <td className="px-3 py-2 text-right tabular" title={a.price?.source}>
                    {a.price ? formatMoney(a.price.price.toFixed(), currency, locale) : <Link href="/imports#prices" className="text-xs text-amber-700 hover:underline">no price</Link>}
                  </td>
                  <td className="px-3 py-2 text-right tabular">{money(a.marketValue)}</td>
                  <td className={`px-3 py-2 text-right tabular ${gainClass(a.unrealizedGain)}`}>{money(a.unrealizedGain)}</td>
                  <td className="px-5 py-2 tabular">{day(a.averageAcquiredAt)}</td>
                </tr>
                {a.accounts.map((acc) => (
                  <tr key={acc.account} className="text-slate-600">
                    <td className="py-1.5 pl-9 pr-3">{acc.account}</td>
                    <td className="px-3 py-1.5 text-right tabular">{qty(acc.quantity)}</td>
                    <td className="px-3 py-1.5 text-right tabular">{money(acc.costBasis)}</td>
                    <td />
                    <td className="px-3 py-1.5 text-right tabular">{money(acc.marketValue)}</td>
                    <td className={`px-3 py-1.5 text-right tabular ${gainClass(acc.unrealizedGain)}`}>{money(acc.unrealizedGain)}</td>
                    <td className="px-5 py-1.5 tabular">{day(acc.averageAcquiredAt)}</td>
                  </tr>
                ))}
                <tr>
                  <td colSpan={7} className="px-5 pb-2">
                    <details>
                      <summary className="cursor-pointer text-xs font-medium text-brand-600 hover:underline">{(lots.get(a.asset) ?? []).length} open lots</summary>
                      <table className="mt-2 w-full text-xs" data-testid="open-lots">
                        <thead className="text-left text-slate-500">
                          <tr>
                            <th className="py-1">Acquired</th>
                            <th className="py-1">Account</th>
                            <th className="py-1 text-right">Amount</th>
                            <th className="py-1 text-right">Cost basis</th>
                            <th className="py-1 pl-4">Source</th>
                          </tr>
                        </thead>
                        <tbody>
                          {(lots.get(a.asset) ?? []).slice(0, LOTS_SHOWN).map((l) => (
                            <tr key={l.id} className="text-slate-700">
                              <td className="py-0.5 tabular">{day(l.acquiredAt)}</td>
                              <td className="py-0.5">{l.account}</td>
                              <td className="py-0.5 text-right tabular">{qty(l.amount)}</td>
                              <td className="py-0.5 text-right tabular">
                                {money(l.costBasis)}
                                {l.basisMissing && <span className="ml-1 text-amber-700">(missing)</span>}
                              </td>
                              <td className="py-0.5 pl-4">
                                {l.externalId ? (
                                  <Link href={`/transactions?${new URLSearchParams({ q: l.externalId })}`} className="text-brand-600 hover:underline">
                                    {l.externalId.length > 24 ? `${l.externalId.slice(0, 24)}…` : l.externalId}
                                  </Link>
                                ) : (
                                  "pool"
                                )}
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                      {(lots.get(a.asset) ?? []).length > LOTS_SHOWN && <p className="mt-1 text-xs text-slate-500">…and {(lots.get(a.asset) ?? []).length - LOTS_SHOWN} more.</p>}
                    </details>
                  </td>
                </tr>
              </tbody>
            ))}
          </table>
        </div>
      </Card>
    </>
  );
}
