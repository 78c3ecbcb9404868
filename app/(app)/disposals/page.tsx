import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { pageSnapshot } from "@/lib/server/request-snapshot";
import { formatMoney, formatQuantity } from "@/lib/format/amounts";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { Pagination } from "@/components/ui/pagination";
import { Recalculating } from "@/components/ui/recalculating";
import { ruleLabel } from "@/components/disposals/labels";

export const metadata: Metadata = { title: "Disposals" };

const PAGE_SIZE = 100;
const Query = z.object({ year: z.coerce.number().int().optional().catch(undefined), asset: z.string().max(32).optional().catch(undefined), page: z.coerce.number().int().min(1).catch(1) });

export default async function DisposalsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const query = Query.parse(await searchParams);
  const state = await pageSnapshot(user.id);
  const header = <PageHeader title="Disposals" description="Every sale, trade, spend and crypto fee, with the lots it used. Open one for its full audit trail." />;
  if (state.status === "computing") {
    return (
      <>
        {header}
        <Recalculating computing />
      </>
    );
  }
  const { result } = state.snapshot;
  const currency = result.settings.currency;
  const years = [...new Set(result.disposals.map((d) => d.taxYear))].sort((a, b) => b - a);
  if (years.length === 0) {
    return (
      <>
        {header}
        <EmptyState title="No disposals yet" actions={<Link href="/transactions" className={buttonClass("secondary")}>Open the ledger</Link>}>
          A disposal is any sale, trade, spend or gift of crypto. None are in your ledger yet.
        </EmptyState>
      </>
    );
  }
  const year = query.year && years.includes(query.year) ? query.year : years[0]!;
  const lines = result.disposals.filter((d) => d.taxYear === year && (!query.asset || d.asset === query.asset));
  const pages = Math.max(1, Math.ceil(lines.length / PAGE_SIZE));
  const page = Math.min(query.page, pages);
  const shown = lines.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const label = (y: number) => result.summary.find((s) => s.taxYear === y)?.label ?? String(y);
  const link = (p: number) => `/disposals?${new URLSearchParams({ year: String(year), ...(query.asset ? { asset: query.asset } : {}), page: String(p) })}`;
  return (
    <>
      {header}
      {state.status === "stale" && <Recalculating />}
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3 text-sm">
        <label>
          <span className="block font-medium text-slate-700">Tax year</span>
          <select name="year" defaultValue={year} className="mt-1 rounded-md bg-white px-3 py-2 ring-1 ring-slate-300">
            {years.map((y) => (
              <option key={y} value={y}>
                {label(y)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="block font-medium text-slate-700">Asset</span>
          <input name="asset" defaultValue={query.asset ?? ""} placeholder="All" className="mt-1 w-28 rounded-md bg-white px-3 py-2 ring-1 ring-slate-300" />
        </label>
        <button type="submit" className={buttonClass("secondary")}>
          Show
        </button>
      </form>
      <Card title={`${lines.length.toLocaleString("en-US")} disposal lines in ${label(year)}`}>
        <div className="-mx-5 overflow-x-auto">
          <table className="min-w-full text-sm">
            <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-5 py-2">Disposed</th>
                <th className="px-3 py-2">Asset</th>
                <th className="px-3 py-2 text-right">Amount</th>
                <th className="px-3 py-2 text-right">Proceeds</th>
                <th className="px-3 py-2 text-right">Cost basis</th>
                <th className="px-3 py-2 text-right">Gain</th>
                <th className="px-3 py-2">Rule</th>
                <th className="px-5 py-2" />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100" data-testid="disposals">
              {shown.map((d, i) => (
                <tr key={`${d.disposalId}-${i}`}>
                  <td className="px-5 py-2 tabular whitespace-nowrap">{d.disposedAt.toISOString().slice(0, 10)}</td>
                  <td className="px-3 py-2 font-medium">{d.asset}</td>
                  <td className="px-3 py-2 text-right tabular">{formatQuantity(d.amount.toFixed())}</td>
                  <td className="px-3 py-2 text-right tabular">{formatMoney(d.proceeds.toFixed(), currency)}</td>
                  <td className="px-3 py-2 text-right tabular">
                    {formatMoney(d.costBasis.toFixed(), currency)}
                    {d.basisMissing && <span className="ml-1 text-xs text-amber-700">(missing)</span>}
                  </td>
                  <td className={`px-3 py-2 text-right tabular ${d.gain.isNeg() ? "text-red-700" : "text-emerald-700"}`}>{formatMoney(d.gain.toFixed(), currency)}</td>
                  <td className="px-3 py-2 text-xs text-slate-600">{ruleLabel(d)}</td>
                  <td className="px-5 py-2 text-right">
                    <Link href={`/disposals/${encodeURIComponent(d.disposalId)}`} className="text-xs font-medium text-brand-600 hover:underline">
                      Audit trail
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      {pages > 1 && <Pagination page={page} pages={pages} href={link} />}
    </>
  );
}
