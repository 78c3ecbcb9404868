import type { YearSummary } from "@/lib/tax/types";
import { formatMoney } from "@/lib/format/amounts";

function Figure({ label, value, currency, testId }: { label: string; value: { toFixed(): string } | null; currency: string; testId?: string }) {
  return (
    <div className="rounded-lg bg-slate-50 px-3 py-2">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="tabular text-base font-semibold text-slate-900" data-testid={testId}>
        {value === null ? "—" : formatMoney(value.toFixed(), currency)}
      </dd>
    </div>
  );
}

/** The year's headline figures as each jurisdiction reports them. */
export function YearSummaryView({ summary, currency }: { summary: YearSummary; currency: string }) {
  if (summary.jurisdiction === "uk") {
    return (
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <div className="rounded-lg bg-slate-50 px-3 py-2">
          <dt className="text-xs text-slate-500">Disposals</dt>
          <dd className="tabular text-base font-semibold">{summary.disposals}</dd>
        </div>
        <Figure label="Disposal proceeds" value={summary.proceeds} currency={currency} />
        <Figure label="Allowable costs" value={summary.allowableCosts} currency={currency} />
        <Figure label="Gains" value={summary.gains} currency={currency} />
        <Figure label="Losses" value={summary.losses} currency={currency} />
        <Figure label="Net gain" value={summary.net} currency={currency} testId="total-gain" />
        <Figure label="Annual exempt amount" value={summary.annualExemptAmount} currency={currency} />
        <Figure label="Taxable after exemption" value={summary.taxableAfterExemption} currency={currency} />
        <Figure label="Income (staking etc.)" value={summary.income} currency={currency} />
      </dl>
    );
  }
  const long = summary.jurisdiction === "us" ? summary.longTerm : summary.longTermTaxFree;
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      <Figure label="Proceeds" value={summary.shortTerm.proceeds.plus(long.proceeds)} currency={currency} />
      <Figure label="Cost basis" value={summary.shortTerm.costBasis.plus(long.costBasis)} currency={currency} />
      <Figure label={summary.jurisdiction === "us" ? "Short-term gain" : "Gain within one year (taxable)"} value={summary.shortTerm.gain} currency={currency} />
      <Figure label={summary.jurisdiction === "us" ? "Long-term gain" : "Gain after one year (tax-free)"} value={long.gain} currency={currency} />
      <Figure label="Total gain" value={summary.shortTerm.gain.plus(long.gain)} currency={currency} testId="total-gain" />
      <Figure label="Income" value={summary.income} currency={currency} />
      {summary.jurisdiction === "de" && (
        <>
          <Figure label="Freigrenze" value={summary.freigrenze} currency={currency} />
          <Figure label="Taxable s.23 gain" value={summary.taxableGain} currency={currency} />
        </>
      )}
    </dl>
  );
}
