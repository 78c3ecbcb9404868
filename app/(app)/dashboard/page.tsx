import type { Metadata } from "next";
import Link from "next/link";
import Decimal from "decimal.js";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { computeForUser } from "@/lib/server/tax-context";
import { gainByRule, holdingsFrom, incomeByType } from "@/lib/portfolio/holdings";
import { currentTaxYear } from "@/lib/tax/current-year";
import { formatMoney, formatQuantity } from "@/lib/format/amounts";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { YearSummaryView } from "@/components/reports/year-summary";
import { HoldingsChart } from "@/components/dashboard/holdings-chart";
import { SetPriceForm } from "@/components/prices/set-price-form";

export const metadata: Metadata = { title: "Dashboard" };

const Query = z.object({ year: z.coerce.number().int().optional().catch(undefined) });
const RULES: Record<string, string> = { "same-day": "Same day", "30-day": "Next 30 days", s104: "Section 104 pool" };

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const query = Query.parse(await searchParams);
  const { entries, result } = await computeForUser(user.id);
  const jurisdiction = result.settings.jurisdiction;
  const currency = result.settings.currency;
  const header = <PageHeader title="Dashboard" description={`${jurisdiction.toUpperCase()} rules · ${currency} · ${result.settings.method === "uk-matching" ? "HMRC matching" : result.settings.method.toUpperCase()}`} />;

  if (entries.length === 0) {
    return (
      <>
        {header}
        <EmptyState
          title="Your ledger is empty"
          actions={
            <>
              <Link href="/imports" className={buttonClass("primary")}>
                Upload a CSV export
              </Link>
              <Link href="/connections" className={buttonClass("secondary")}>
                Connect an exchange
              </Link>
              <Link href="/settings" className={buttonClass("ghost")}>
                Check your tax settings
              </Link>
            </>
          }
        >
          <p>Start by bringing in your history: upload the CSV your exchange lets you download, or connect an exchange with a read-only API key.</p>
          <p className="mt-2">Then check your jurisdiction and cost-basis method in Settings so gains are computed under the right rules.</p>
        </EmptyState>
      </>
    );
  }

  const years = [...new Set([currentTaxYear(jurisdiction), ...result.summary.map((s) => s.taxYear)])].sort((a, b) => b - a);
  const year = query.year && years.includes(query.year) ? query.year : years[0]!;
  const label = (y: number) => result.summary.find((s) => s.taxYear === y)?.label ?? (jurisdiction === "uk" ? `${y}/${String((y + 1) % 100).padStart(2, "0")}` : String(y));
  const summary = result.summary.find((s) => s.taxYear === year);
  const holdings = holdingsFrom(result);
  const totalBasis = holdings.reduce((sum, h) => sum.plus(h.costBasis), new Decimal(0));
  const income = incomeByType(result, year);
  const rules = jurisdiction === "uk" ? gainByRule(result, year) : [];

  return (
    <>
      {header}
      <div className="mb-6 grid gap-4 sm:grid-cols-3">
        <Card title="Holdings at cost">
          <p className="tabular text-2xl font-semibold" data-testid="holdings-cost">
            {formatMoney(totalBasis.toFixed(), currency)}
          </p>
          <p className="text-xs text-slate-500">{holdings.length} assets in {new Set(holdings.flatMap((h) => h.accounts.map((a) => a.account))).size} accounts</p>
        </Card>
        <Card title="Transactions">
          <p className="tabular text-2xl font-semibold">{entries.length.toLocaleString("en-US")}</p>
          <Link href="/transactions" className="text-xs font-medium text-brand-600 hover:underline">
            Open the ledger
          </Link>
        </Card>
        <Card title="Warnings">
          <p className="tabular text-2xl font-semibold" data-testid="warning-count">
            {result.warnings.length.toLocaleString("en-US")}
          </p>
          <p className="text-xs text-slate-500">{result.warnings.length === 0 ? "Nothing needs fixing." : "Listed below; each one can change a figure."}</p>
        </Card>
      </div>

      <div className="space-y-6">
        <Card
          title={`Tax year ${label(year)}`}
          actions={
            <form method="get" className="flex items-center gap-2">
              <select name="year" defaultValue={year} aria-label="Tax year" className="rounded-md bg-white px-2 py-1.5 text-sm ring-1 ring-slate-300">
                {years.map((y) => (
                  <option key={y} value={y}>
                    {label(y)}
                  </option>
                ))}
              </select>
              <button type="submit" className={buttonClass("secondary", "py-1.5")}>
                Show
              </button>
            </form>
          }
        >
          {summary ? <YearSummaryView summary={summary} currency={currency} /> : <p className="text-sm text-slate-600">No disposals or income in this tax year yet.</p>}
          {rules.length > 0 && (
            <p className="mt-3 text-sm text-slate-600">
              By matching rule: {rules.map((r) => `${RULES[r.rule] ?? r.rule} ${formatMoney(r.gain.toFixed(), currency)}`).join(" · ")}
            </p>
          )}
          {income.length > 0 && (
            <p className="mt-3 text-sm text-slate-600" data-testid="income-by-type">
              Income by type: {income.map((r) => `${r.type} ${formatMoney(r.value.toFixed(), currency)} (${r.events})`).join(" · ")}
            </p>
          )}
        </Card>

        <Card title="Holdings" description="Open lots per asset, at cost. Expand an asset to see its lots and accounts.">
          {holdings.length === 0 ? (
            <p className="text-sm text-slate-600">Nothing held at the end of the ledger.</p>
          ) : (
            <>
              <HoldingsChart data={holdings.map((h) => ({ asset: h.asset, costBasis: h.costBasis.toFixed() }))} currency={currency} />
              <div className="mt-4 divide-y divide-slate-100" data-testid="holdings">
                {holdings.map((h) => (
                  <details key={h.asset} className="group py-2">
                    <summary className="flex cursor-pointer list-none items-center justify-between gap-4 rounded px-1 py-1 hover:bg-slate-50">
                      <span className="font-medium text-slate-900">{h.asset}</span>
                      <span className="tabular text-sm text-slate-700">{formatQuantity(h.quantity.toFixed())}</span>
                      <span className="tabular text-sm text-slate-700">{formatMoney(h.costBasis.toFixed(), currency)}</span>
                      <span className="text-xs text-slate-500">{h.averageAcquiredAt ? `avg. acquired ${h.averageAcquiredAt.toISOString().slice(0, 10)}` : "acquisition unknown"}</span>
                    </summary>
                    <div className="mt-2 space-y-1 pl-4 text-xs text-slate-600">
                      {h.accounts.map((a) => (
                        <p key={a.account}>
                          {a.account}: {formatQuantity(a.quantity.toFixed())} {h.asset}, cost {formatMoney(a.costBasis.toFixed(), currency)}
                        </p>
                      ))}
                      {h.lots.slice(0, 50).map((l) => (
                        <p key={l.id} className="tabular">
                          Lot {l.acquiredAt ? l.acquiredAt.toISOString().slice(0, 10) : "(no date)"} · {formatQuantity(l.amount.toFixed())} {h.asset} · basis {formatMoney(l.costBasis.toFixed(), currency)} · {l.account}
                          {l.basisMissing && <span className="ml-1 text-amber-700">(basis missing)</span>}
                        </p>
                      ))}
                      {h.lots.length > 50 && <p>…and {h.lots.length - 50} more lots.</p>}
                    </div>
                  </details>
                ))}
              </div>
            </>
          )}
        </Card>

        {result.warnings.length > 0 && (
          <Card title="Warnings" description="Each one is a figure Lotwise could not compute from your data alone.">
            <ul className="space-y-2 text-sm" data-testid="warnings">
              {result.warnings.slice(0, 30).map((w, i) => (
                <li key={`${w.code}-${i}`} className="rounded-md bg-amber-50 px-3 py-2 text-amber-900 ring-1 ring-amber-200">
                  <span className="font-medium">{w.code.replace(/-/g, " ")}</span>: {w.message}
                  {w.code === "missing-price" && w.asset && w.account && w.entries[0] && <SetPriceForm account={w.account} externalId={w.entries[0]} asset={w.asset} currency={currency} />}
                </li>
              ))}
            </ul>
            {result.warnings.length > 30 && <p className="mt-2 text-xs text-slate-500">…and {result.warnings.length - 30} more.</p>}
          </Card>
        )}
      </div>
    </>
  );
}
