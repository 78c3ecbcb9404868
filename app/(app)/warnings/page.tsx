import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { pageSnapshot } from "@/lib/server/request-snapshot";
import { rowsByExternalIds, type LedgerRef } from "@/lib/db/ledger-edits";
import { listWallets } from "@/lib/db/wallets";
import { groupWarnings, pairCandidates, WARNING_GROUPS, type WarningGroup } from "@/lib/portfolio/warnings-centre";
import { formatQuantity } from "@/lib/format/amounts";
import type { TaxWarning } from "@/lib/tax/types";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { Recalculating } from "@/components/ui/recalculating";
import { SetPriceForm } from "@/components/prices/set-price-form";
import { PairTransferForm, TransferDestinationForm } from "@/components/warnings/transfer-fixes";
import { IgnoreRowButton } from "@/components/warnings/ignore-button";

export const metadata: Metadata = { title: "Warnings" };

const PER_GROUP = 20;
const Query = z.object({ code: z.enum(WARNING_GROUPS.map((g) => g.code) as [string, ...string[]]).optional().catch(undefined) });

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace("T", " ") : "");
const ledgerLink = (externalId: string) => `/transactions?${new URLSearchParams({ q: externalId, ignored: "1" })}`;
const refKey = (account: string | null, externalId: string) => `${account ?? ""}\u0000${externalId}`;

function describeRow(r: LedgerRef): string {
  const amount = r.kind === "deposit" ? `${formatQuantity(r.receivedAmount ?? "0")} ${r.receivedAsset}` : `${formatQuantity(r.sentAmount ?? "0")} ${r.sentAsset}`;
  return `${amount} ${r.kind === "deposit" ? "into" : "from"} ${r.wallet} on ${r.time.toISOString().slice(0, 10)}`;
}

export default async function WarningsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const query = Query.parse(await searchParams);
  const state = await pageSnapshot(user.id);
  const header = <PageHeader title="Warnings" description="Everything Lotwise could not work out from your data alone, with the fix for each. Every fix recomputes the figures it affects." />;
  if (state.status === "computing") {
    return (
      <>
        {header}
        <Recalculating computing />
      </>
    );
  }
  const { result } = state.snapshot;
  const all = result.warnings;
  const groups = groupWarnings(all).filter((g) => !query.code || g.code === query.code);
  if (all.length === 0) {
    return (
      <>
        {header}
        {state.status === "stale" && <Recalculating />}
        <EmptyState title="No warnings" actions={<Link href="/dashboard" className={buttonClass("secondary")}>Back to the dashboard</Link>}>
          Every disposal has its cost basis, every transfer is matched and every row has a price.
        </EmptyState>
      </>
    );
  }
  const shown = groups.map((g) => ({ ...g, warnings: g.warnings.slice(0, query.code ? 500 : PER_GROUP) }));
  const needed = shown.flatMap((g) => g.warnings.flatMap((w) => [...w.entries, ...(g.fix === "pair-transfer" ? pairCandidates(w, all).slice(0, 3).flatMap((c) => c.entries) : [])]));
  const [refs, wallets] = await Promise.all([rowsByExternalIds(user.id, needed), listWallets(user.id)]);
  const ref = (w: TaxWarning, externalId: string) => refs.get(refKey(w.account, externalId)) ?? [...refs.values()].find((r) => r.externalId === externalId);
  const currency = result.settings.currency;

  return (
    <>
      {header}
      {state.status === "stale" && <Recalculating />}
      <nav aria-label="Warning types" className="mb-4 flex flex-wrap gap-2 text-sm">
        <Link href="/warnings" aria-current={!query.code ? "page" : undefined} className={buttonClass(!query.code ? "primary" : "secondary", "py-1")}>
          All ({all.length.toLocaleString("en-US")})
        </Link>
        {groupWarnings(all).map((g) => (
          <Link key={g.code} href={`/warnings?code=${g.code}`} aria-current={query.code === g.code ? "page" : undefined} className={buttonClass(query.code === g.code ? "primary" : "secondary", "py-1")}>
            {g.title} ({g.warnings.length.toLocaleString("en-US")})
          </Link>
        ))}
      </nav>
      <div className="space-y-6" data-testid="warnings-centre">
        {shown.map((g) => (
          <Group key={g.code} group={g} total={groups.find((x) => x.code === g.code)?.warnings.length ?? 0}>
            {g.warnings.map((w, i) => {
              const own = w.entries[0] ? ref(w, w.entries[0]) : undefined;
              return (
                <li key={`${w.code}-${w.entries.join(",")}-${i}`} className="space-y-2 px-4 py-3" data-testid={`warning-${w.code}`}>
                  <p className="text-sm text-slate-900">{w.message}</p>
                  <p className="text-xs text-slate-500">
                    {[day(w.at), w.account, w.asset].filter(Boolean).join(" · ")}
                    {w.entries.map((e) => (
                      <Link key={e} href={ledgerLink(e)} className="ml-2 font-medium text-brand-600 hover:underline">
                        Open row
                      </Link>
                    ))}
                  </p>
                  <Fix group={g} warning={w} own={own} all={all} lookup={ref} wallets={wallets.map((x) => x.name)} currency={currency} />
                </li>
              );
            })}
          </Group>
        ))}
      </div>
    </>
  );
}

function Group({ group, total, children }: { group: WarningGroup; total: number; children: React.ReactNode }) {
  return (
    <Card
      title={`${group.title} (${total.toLocaleString("en-US")})`}
      description={group.why}
      actions={
        total > group.warnings.length ? (
          <Link href={`/warnings?code=${group.code}`} className="text-sm font-medium text-brand-600 hover:underline">
            Show all
          </Link>
        ) : undefined
      }
    >
      <ul className="-mx-4 divide-y divide-slate-100">{children}</ul>
    </Card>
  );
}

function Fix({ group, warning: w, own, all, lookup, wallets, currency }: { group: WarningGroup; warning: TaxWarning; own: LedgerRef | undefined; all: readonly TaxWarning[]; lookup: (w: TaxWarning, id: string) => LedgerRef | undefined; wallets: string[]; currency: string }) {
  const addLink = (kind: string) => `/transactions/new?${new URLSearchParams({ kind, asset: w.asset ?? "", account: w.account ?? "", before: w.at ? w.at.toISOString().slice(0, 16) : "" })}`;
  switch (group.fix) {
    case "pair-transfer": {
      if (!own) return null;
      const candidates = pairCandidates(w, all)
        .slice(0, 3)
        .map((c) => (c.entries[0] ? lookup(c, c.entries[0]) : undefined))
        .filter((r): r is LedgerRef => r !== undefined);
      const isWithdrawal = w.code === "unmatched-withdrawal";
      return (
        <div className="flex flex-col gap-2">
          {candidates.map((c) => (
            <PairTransferForm key={c.id} withdrawalId={isWithdrawal ? own.id : c.id} depositId={isWithdrawal ? c.id : own.id} label={`Pair with the ${isWithdrawal ? "deposit" : "withdrawal"} of ${describeRow(c)}`} />
          ))}
          {isWithdrawal ? (
            <TransferDestinationForm withdrawalId={own.id} wallets={wallets} from={own.wallet} />
          ) : (
            <Link href={addLink("buy")} className="text-xs font-medium text-brand-600 hover:underline">
              Add how you acquired it
            </Link>
          )}
        </div>
      );
    }
    case "add-acquisition":
      return (
        <div className="flex flex-wrap gap-3 text-xs">
          <Link href={addLink("buy")} className="font-medium text-brand-600 hover:underline">
            Add the missing purchase
          </Link>
          <Link href="/imports" className="font-medium text-brand-600 hover:underline">
            Import the account it came from
          </Link>
        </div>
      );
    case "set-price":
      return w.asset && w.account && w.entries[0] ? <SetPriceForm account={w.account} externalId={w.entries[0]} asset={w.asset} currency={currency} /> : null;
    case "ignore-duplicate": {
      const rows = w.entries.map((e) => lookup(w, e)).filter((r): r is LedgerRef => r !== undefined && !r.ignored);
      return (
        <div className="flex flex-wrap items-center gap-3">
          {rows.slice(1).map((r) => (
            <IgnoreRowButton key={r.id} transactionId={r.id} label={`Ignore the copy ${r.externalId.slice(0, 24)}`} />
          ))}
        </div>
      );
    }
    default:
      return null;
  }
}
