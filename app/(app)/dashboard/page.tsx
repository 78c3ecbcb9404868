import type { Metadata } from "next";
import Link from "next/link";
import Decimal from "decimal.js";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { accountState, pageSnapshot } from "@/lib/server/request-snapshot";
import { requestLocale } from "@/lib/server/locale";
import { gainByRule, incomeByType } from "@/lib/portfolio/holdings";
import { valuePointsJson, type ValuePoint } from "@/lib/portfolio/valuation";
import { groupWarnings } from "@/lib/portfolio/warnings-centre";
import { currentTaxYear } from "@/lib/tax/current-year";
import { formatMoney } from "@/lib/format/amounts";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { Recalculating } from "@/components/ui/recalculating";
import { YearSummaryView } from "@/components/reports/year-summary";
import { HoldingsChart } from "@/components/dashboard/holdings-chart";
import { ValueChart, type ValueChartSeries } from "@/components/dashboard/value-chart";
import { LoadDemoButton, RemoveDemoBanner } from "@/components/dashboard/demo-controls";
import { ruleLabel } from "@/components/disposals/labels";

export const metadata: Metadata = { title: "Dashboard" };

/** The chart's series, once per cached result (it is the same for every request until the result changes). */
const chartSeries = new WeakMap<readonly ValuePoint[], ValueChartSeries>();
function chartSeriesOf(series: readonly ValuePoint[]): ValueChartSeries {
  let out = chartSeries.get(series);
  if (!out) {
    const points = valuePointsJson(series);
    out = { days: points.map((p) => p.day), values: points.map((p) => p.value), unpriced: points.map((p) => p.unpricedAssets) };
    chartSeries.set(series, out);
  }
  return out;
}

const Query = z.object({ year: z.coerce.number().int().optional().catch(undefined) });
const RULES: Record<string, string> = { "same-day": "Same day", "30-day": "Next 30 days", s104: "Section 104 pool" };

function Figure({ label, value, note, testId, tone }: { label: string; value: string; note?: React.ReactNode; testId?: string; tone?: "gain" | "loss" }) {
  return (
    <Card title={label}>
      <p className={`tabular text-2xl font-semibold ${tone === "gain" ? "text-emerald-700" : tone === "loss" ? "text-red-700" : ""}`} data-testid={testId}>
        {value}
      </p>
      {note && <p className="mt-1 text-xs text-slate-500">{note}</p>}
    </Card>
  );
}

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const query = Query.parse(await searchParams);
  const [state, account, locale] = await Promise.all([pageSnapshot(user.id), accountState(user.id), requestLocale()]);
  const demo = account?.demo === true;
  if (state.status === "computing") {
    return (
      <>
        <PageHeader title="Dashboard" />
        <Recalculating computing />
      </>
    );
  }
  const { result, valuation, series, entryCount, computedAt } = state.snapshot;
  const jurisdiction = result.settings.jurisdiction;
  const currency = result.settings.currency;
  const money = (d: Decimal | { toFixed(): string }) => formatMoney(d.toFixed(), currency, locale);
  const header = <PageHeader title="Dashboard" description={`${jurisdiction.toUpperCase()} rules · ${currency} · ${result.settings.method === "uk-matching" ? "HMRC matching" : result.settings.method.toUpperCase()}`} />;

  if (entryCount === 0) {
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
              <LoadDemoButton />
            </>
          }
        >
          <p>Start by bringing in your history: upload the CSV your exchange lets you download, or connect an exchange with a read-only API key.</p>
          <p className="mt-2">Or look around first with a demo portfolio (two exchanges and a hardware wallet, with trades, transfers, staking and a few warnings to fix); you can remove it in one click.</p>
        </EmptyState>
      </>
    );
  }

  const current = currentTaxYear(jurisdiction);
  const asked = query.year && query.year >= 2009 && query.year <= current ? [query.year] : [];
  const years = [...new Set([current, ...asked, ...result.summary.map((s) => s.taxYear)])].sort((a, b) => b - a);
  const year = query.year && years.includes(query.year) ? query.year : years[0]!;
  const label = (y: number) => result.summary.find((s) => s.taxYear === y)?.label ?? (jurisdiction === "uk" ? `${y}/${String((y + 1) % 100).padStart(2, "0")}` : String(y));
  const summary = result.summary.find((s) => s.taxYear === year);
  const income = incomeByType(result, year);
  const rules = jurisdiction === "uk" ? gainByRule(result, year) : [];
  const t = valuation.totals;
  const realized = result.disposals.filter((d) => d.taxYear === year).reduce((s, d) => s.plus(d.gain), new Decimal(0));
  const recent = result.disposals.filter((d) => d.taxYear === year).slice(-5).reverse();
  const warningGroups = groupWarnings(result.warnings);
  const accounts = new Set(valuation.assets.flatMap((a) => a.accounts.map((x) => x.account))).size;

  return (
    <>
      {header}
      {demo && <RemoveDemoBanner />}
      {state.status === "stale" && <Recalculating />}
      <div className="mb-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Figure label="Total value" value={money(t.value)} testId="total-value" note={`${valuation.assets.length} assets in ${accounts} accounts${t.unpricedAssets ? ` · ${t.unpricedAssets} without a price, not counted` : ""} · prices as of ${valuation.pricedAt.toISOString().slice(0, 16).replace("T", " ")} UTC`} />
        <Figure label="Cost basis" value={money(t.costBasis)} testId="holdings-cost" note={t.basisMissingAssets ? `${t.basisMissingAssets} assets with missing basis (counted as zero)` : "Of everything held now"} />
        <Figure label="Unrealized gain" value={money(t.unrealizedGain)} testId="unrealized-gain" tone={t.unrealizedGain.isNeg() ? "loss" : "gain"} note="Market value minus cost, priced assets only" />
        <Figure label={`Realized gain ${label(year)}`} value={money(realized)} testId="realized-gain" tone={realized.isNeg() ? "loss" : "gain"} note={<Link href={`/disposals?year=${year}`} className="font-medium text-brand-600 hover:underline">{result.disposals.filter((d) => d.taxYear === year).length} disposal lines</Link>} />
      </div>

      <div className="space-y-6">
        <Card title="Portfolio value" description="End-of-day market value of everything you held, from the daily closes in the price cache.">
          {series.length > 0 ? <ValueChart series={chartSeriesOf(series)} currency={currency} locale={locale} /> : <p className="text-sm text-slate-600">No price history yet: it fills in once prices are fetched (after an import or sync), or from prices you import.</p>}
        </Card>

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
              By matching rule: {rules.map((r) => `${RULES[r.rule] ?? r.rule} ${money(r.gain)}`).join(" · ")}
            </p>
          )}
          {income.length > 0 && (
            <p className="mt-3 text-sm text-slate-600" data-testid="income-by-type">
              Income by type: {income.map((r) => `${r.type} ${money(r.value)} (${r.events})`).join(" · ")}
            </p>
          )}
          {recent.length > 0 && (
            <div className="mt-4">
              <h3 className="text-sm font-semibold text-slate-800">Latest disposals</h3>
              <ul className="mt-1 divide-y divide-slate-100 text-sm">
                {recent.map((d, i) => (
                  <li key={`${d.disposalId}-${i}`} className="flex flex-wrap items-center justify-between gap-2 py-1.5">
                    <span className="tabular text-slate-600">{d.disposedAt.toISOString().slice(0, 10)}</span>
                    <span className="font-medium">{d.asset}</span>
                    <span className="text-xs text-slate-500">{ruleLabel(d, jurisdiction)}</span>
                    <span className={`tabular ${d.gain.isNeg() ? "text-red-700" : "text-emerald-700"}`}>{money(d.gain)}</span>
                    <Link href={`/disposals/${encodeURIComponent(d.disposalId)}`} className="text-xs font-medium text-brand-600 hover:underline">
                      Audit trail
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </Card>

        <Card title="Holdings by asset" description="Market value where a price is known, else cost." actions={<Link href="/holdings" className="text-sm font-medium text-brand-600 hover:underline">All holdings</Link>}>
          {valuation.assets.length === 0 ? (
            <p className="text-sm text-slate-600">Nothing held at the end of the ledger.</p>
          ) : (
            <HoldingsChart data={valuation.assets.map((a) => ({ asset: a.asset, costBasis: (a.marketValue ?? a.costBasis).toFixed() }))} currency={currency} />
          )}
        </Card>

        {result.warnings.length > 0 && (
          <Card title={`Warnings (${result.warnings.length.toLocaleString(locale)})`} description="Each one is a figure Lotwise could not compute from your data alone." actions={<Link href="/warnings" className={buttonClass("secondary", "py-1.5")}>Open the warnings centre</Link>}>
            <ul className="space-y-1 text-sm" data-testid="warnings">
              {warningGroups.map((g) => (
                <li key={g.code}>
                  <Link href={`/warnings?code=${g.code}`} className="text-amber-900 hover:underline">
                    {g.title}: {g.warnings.length.toLocaleString(locale)}
                  </Link>
                </li>
              ))}
            </ul>
          </Card>
        )}
        <p className="text-xs text-slate-400">
          {entryCount.toLocaleString(locale)} transactions · computed {computedAt.toISOString().slice(0, 19).replace("T", " ")} UTC
        </p>
      </div>
    </>
  );
}
