import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { pricedLedgerFor } from "@/lib/server/tax-context";
import { getTaxSnapshot, inlineRecomputeLimit } from "@/lib/server/tax-snapshot";
import { currentLedgerFingerprint } from "@/lib/server/ledger-fingerprint";
import { Recalculating } from "@/components/ui/recalculating";
import { formatsFor } from "@/lib/reports";
import { compareMethods } from "@/lib/reports/method-comparison";
import { diffDisposals, snapshotDisposals } from "@/lib/reports/filed-diff";
import { shortFingerprint } from "@/lib/reports/report-meta";
import { latestFiledReport } from "@/lib/db/filed-reports";
import { formatMoney } from "@/lib/format/amounts";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { YearSummaryView } from "@/components/reports/year-summary";
import { markFiledAction } from "./actions";

export const metadata: Metadata = { title: "Reports" };

const Query = z.object({
  year: z.coerce.number().int().optional().catch(undefined),
  method: z.enum(["fifo", "lifo", "hifo"]).optional().catch(undefined),
  jurisdiction: z.enum(["us", "uk", "de"]).optional().catch(undefined),
  compare: z.literal("1").optional().catch(undefined),
});

const HEADER = { title: "Reports", description: "Form 8949, Schedule D, income, TurboTax/TaxAct exports and the UK capital gains summary." };

export default async function ReportsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const query = Query.parse(await searchParams);
  const overrides = { method: query.method, jurisdiction: query.jurisdiction };
  // The cached result, as every page reads it: a large ledger is never computed on the request.
  const state = await getTaxSnapshot(user.id, overrides, { mode: "page" });
  if (state.status === "computing") {
    return (
      <>
        <PageHeader {...HEADER} />
        <Recalculating computing />
      </>
    );
  }
  const snapshot = state.snapshot;
  if (snapshot.entryCount === 0) {
    return (
      <>
        <PageHeader {...HEADER} />
        <EmptyState
          title="Nothing to report yet"
          actions={
            <Link href="/imports" className={buttonClass("primary")}>
              Upload a CSV export
            </Link>
          }
        >
          <p>Reports need your complete history: every buy, so each sale has its cost basis. Import every exchange and wallet you have used, then pick a tax year here.</p>
        </EmptyState>
      </>
    );
  }
  const { result } = snapshot;
  const years = result.summary.map((s) => ({ year: s.taxYear, label: s.label })).sort((a, b) => b.year - a.year);
  const year = query.year && years.some((y) => y.year === query.year) ? query.year : (years[0]?.year ?? new Date().getUTCFullYear());
  const summary = result.summary.find((s) => s.taxYear === year);
  const currency = result.settings.currency;
  const jurisdiction = result.settings.jurisdiction;
  const methodParam = jurisdiction === "us" && result.settings.method !== "uk-matching" ? result.settings.method : undefined;
  const qs = (extra: Record<string, string | number | undefined>) => new URLSearchParams(Object.entries({ year, method: methodParam, jurisdiction: query.jurisdiction, ...extra }).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])).toString();
  // One engine run per method and lot scope: done on the request for ledgers small enough to
  // compute inline, and on a large ledger only when asked for.
  const compare = query.compare === "1" || snapshot.entryCount <= inlineRecomputeLimit();
  const comparison = compare ? await methodComparison(user.id, overrides, year) : null;
  const [filed, fingerprint] = await Promise.all([latestFiledReport(user.id, year, jurisdiction), currentLedgerFingerprint(user.id)]);
  const diff = filed ? diffDisposals(filed.snapshot, snapshotDisposals(result, year)) : null;
  const yearWarnings = result.warnings.filter((w) => w.taxYear === year);

  return (
    <>
      {state.status === "stale" && <Recalculating />}
      <PageHeader title="Reports" description={`${jurisdiction.toUpperCase()} rules · ${result.settings.method === "uk-matching" ? "HMRC matching" : result.settings.method.toUpperCase()} · ${currency}`} />
      <form className="mb-6 flex flex-wrap items-end gap-3" method="get">
        <label className="text-sm">
          <span className="block font-medium text-slate-700">Tax year</span>
          <select name="year" defaultValue={year} aria-label="Tax year" className="mt-1 rounded-md bg-white px-3 py-2 ring-1 ring-slate-300">
            {years.map((y) => (
              <option key={y.year} value={y.year}>
                {y.label}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="block font-medium text-slate-700">Jurisdiction</span>
          <select name="jurisdiction" defaultValue={jurisdiction} aria-label="Jurisdiction" className="mt-1 rounded-md bg-white px-3 py-2 ring-1 ring-slate-300">
            <option value="us">United States</option>
            <option value="uk">United Kingdom</option>
            <option value="de">Germany</option>
          </select>
        </label>
        {jurisdiction === "us" && (
          <label className="text-sm">
            <span className="block font-medium text-slate-700">Method</span>
            <select name="method" defaultValue={methodParam} aria-label="Method" className="mt-1 rounded-md bg-white px-3 py-2 ring-1 ring-slate-300">
              <option value="fifo">FIFO</option>
              <option value="hifo">HIFO</option>
              <option value="lifo">LIFO</option>
            </select>
          </label>
        )}
        <button type="submit" className={buttonClass("secondary")}>
          Show
        </button>
      </form>

      <div className="space-y-6">
        {yearWarnings.length > 0 && (
          <Alert tone="warning">
            {yearWarnings.length} warning{yearWarnings.length === 1 ? "" : "s"} affect {years.find((y) => y.year === year)?.label}: {[...new Set(yearWarnings.map((w) => w.code))].join(", ")}. Fix them before filing; until then the figures count missing basis or prices as zero.
          </Alert>
        )}
        <Card title={`Totals for ${years.find((y) => y.year === year)?.label ?? year}`} description={fingerprint === null ? "Your ledger is being updated; its fingerprint shows once the sync or import is done." : `Ledger fingerprint ${shortFingerprint(fingerprint)}: every report below states it, so it can be reproduced.`}>
          {summary ? <YearSummaryView summary={summary} currency={currency} /> : <p className="text-sm text-slate-600">No disposals or income in this year.</p>}
        </Card>

        <Card title="Download">
          <ul className="grid gap-2 sm:grid-cols-2" data-testid="report-downloads">
            {formatsFor(jurisdiction).map((f) => (
              <li key={f.id}>
                <a className="flex items-center justify-between rounded-lg px-3 py-2 text-sm ring-1 ring-slate-200 hover:bg-slate-50" href={`/api/reports/${f.id}?${qs({})}`} download>
                  <span className="font-medium text-slate-800">{f.label}</span>
                  <span className="text-xs uppercase text-slate-500">{f.extension}</span>
                </a>
              </li>
            ))}
          </ul>
        </Card>

        <Card title="Compare methods" description="The same ledger under each lot-selection method the rules allow, before you commit to one.">
          {comparison ? (
            <div className="overflow-x-auto">
              <table className="min-w-full text-sm" data-testid="method-comparison">
                <thead className="text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
                  <tr>
                    <th className="py-2 pr-4">Method</th>
                    <th className="py-2 pr-4 text-right">Proceeds</th>
                    <th className="py-2 pr-4 text-right">Cost basis</th>
                    <th className="py-2 pr-4 text-right">Short-term</th>
                    <th className="py-2 pr-4 text-right">Long-term</th>
                    <th className="py-2 pr-4 text-right">Total gain</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {comparison.map((row) => (
                    <tr key={`${row.method}-${row.lotScope}`} className={row.current ? "bg-brand-50" : ""}>
                      <td className="py-2 pr-4">
                        {row.label}
                        {row.current && <span className="ml-2 text-xs text-brand-700">(current)</span>}
                        {!row.allowed && <span className="ml-2 text-xs text-slate-500">(not allowed this year)</span>}
                        {row.note && <span className="block text-xs text-slate-500">{row.note}</span>}
                      </td>
                      <td className="tabular py-2 pr-4 text-right">{formatMoney(row.proceeds.toFixed(), currency)}</td>
                      <td className="tabular py-2 pr-4 text-right">{formatMoney(row.costBasis.toFixed(), currency)}</td>
                      <td className="tabular py-2 pr-4 text-right">{formatMoney(row.shortTermGain.toFixed(), currency)}</td>
                      <td className="tabular py-2 pr-4 text-right">{formatMoney(row.longTermGain.toFixed(), currency)}</td>
                      <td className="tabular py-2 pr-4 text-right font-medium">{formatMoney(row.gain.toFixed(), currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <div className="flex flex-wrap items-center gap-3 text-sm text-slate-600">
              <p>Comparing runs your {snapshot.entryCount.toLocaleString("en-US")} transactions once per method: this takes a while on a ledger this size.</p>
              <Link href={`/reports?${qs({ compare: "1" })}`} className={buttonClass("secondary")}>
                Compare methods
              </Link>
            </div>
          )}
        </Card>

        <Card title="Filed versions" description="Mark what you filed; if the ledger changes later (a late import, a fixed price), the changes show here disposal by disposal.">
          {filed && diff && (
            <div className="mb-4 space-y-2 text-sm" data-testid="filed-diff">
              <p>
                Filed {filed.createdAt.slice(0, 10)} ({filed.method.toUpperCase()}, ledger {shortFingerprint(filed.ledgerFingerprint)}).{" "}
                {diff.added.length + diff.removed.length + diff.changed.length === 0
                  ? "Nothing has changed since."
                  : `Since then: ${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed disposals; gain ${formatMoney(diff.totals.before.gain, currency)} → ${formatMoney(diff.totals.after.gain, currency)}.`}
              </p>
              {diff.changed.slice(0, 20).map((c) => (
                <p key={c.after.id} className="text-xs text-slate-600">
                  {c.after.disposedAt.slice(0, 10)} {c.after.amount} {c.after.asset}: {c.changes.map((ch) => `${ch.field} ${String(ch.before)} → ${String(ch.after)}`).join("; ")}
                </p>
              ))}
              {[...diff.added.slice(0, 10).map((d) => ({ d, what: "added" })), ...diff.removed.slice(0, 10).map((d) => ({ d, what: "removed" }))].map(({ d, what }) => (
                <p key={`${what}-${d.id}`} className="text-xs text-slate-600">
                  {what}: {d.disposedAt.slice(0, 10)} {d.amount} {d.asset}, gain {formatMoney(d.gain, currency)}
                </p>
              ))}
            </div>
          )}
          <form action={markFiledAction}>
            <input type="hidden" name="year" value={year} />
            {methodParam && <input type="hidden" name="method" value={methodParam} />}
            {query.jurisdiction && <input type="hidden" name="jurisdiction" value={query.jurisdiction} />}
            <button type="submit" className={buttonClass("secondary")}>
              Mark this version as filed
            </button>
          </form>
        </Card>
      </div>
    </>
  );
}

async function methodComparison(userId: string, overrides: { method?: "fifo" | "lifo" | "hifo"; jurisdiction?: "us" | "uk" | "de" }, year: number) {
  const { entries, settings } = await pricedLedgerFor(userId, overrides);
  return compareMethods(entries, { ...settings, year: undefined }, year);
}
