import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { requireUserWith } from "@/lib/auth/session";
import { ledgerAssets, listTransactions } from "@/lib/db/transactions";
import { TX_KINDS } from "@/lib/ledger/types";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { Pagination } from "@/components/ui/pagination";
import { TransactionsTable } from "@/components/transactions/transactions-table";
import { TransactionFilters } from "@/components/transactions/transaction-filters";
import { Alert } from "@/components/ui/alert";
import { accountState, pageSnapshot } from "@/lib/server/request-snapshot";

export const metadata: Metadata = { title: "Transactions" };

const PAGE_SIZE = 50;
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);
const Query = z.object({
  page: z.coerce.number().int().min(1).catch(1),
  wallet: z.string().max(64).optional().catch(undefined),
  asset: z.string().max(32).optional().catch(undefined),
  kind: z.enum(TX_KINDS).optional().catch(undefined),
  from: day,
  to: day,
  q: z.string().trim().max(200).optional().catch(undefined),
  sort: z.enum(["newest", "oldest", "value"]).optional().catch(undefined),
  ignored: z.literal("1").optional().catch(undefined),
  warning: z.literal("1").optional().catch(undefined),
});
const Notice = z.object({ added: z.literal("1").optional().catch(undefined) });

/** The rows the engine warned about (a warning names its rows' source ids), once per cached result rather than per request. */
const warnedByResult = new WeakMap<readonly { entries: readonly string[] }[], ReadonlySet<string>>();
function warnedRows(warnings: readonly { entries: readonly string[] }[]): ReadonlySet<string> {
  let set = warnedByResult.get(warnings);
  if (!set) {
    set = new Set(warnings.flatMap((w) => w.entries));
    warnedByResult.set(warnings, set);
  }
  return set;
}

type PageQuery = z.infer<typeof Query>;

/**
 * The page's rows, the warned rows, the asset menu and the currency. The rows are asked for at once
 * (beside the session check, see requireUserWith) unless the warning filter needs the cached
 * result's warned rows first.
 */
async function pageData(userId: string, query: PageQuery) {
  const snapshot = pageSnapshot(userId);
  // Rows the engine warned about, from the cached result (a warning names the rows it is about).
  const warnedOf = (s: Awaited<typeof snapshot>) => (s.status === "computing" ? new Set<string>() : warnedRows(s.snapshot.result.warnings));
  const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000);
  const list = (externalIds: string[] | undefined) =>
    listTransactions(userId, {
      page: query.page,
      pageSize: PAGE_SIZE,
      filter: {
        walletId: query.wallet || undefined,
        asset: query.asset || undefined,
        kind: query.kind,
        from: query.from ? new Date(`${query.from}T00:00:00Z`) : undefined,
        to: query.to ? nextDay(query.to) : undefined,
        search: query.q || undefined,
        sort: query.sort,
        includeIgnored: query.ignored === "1",
        externalIds,
      },
    });
  // Postgres takes at most 65,535 bind parameters per statement.
  const rows = query.warning === "1" ? snapshot.then((s) => list([...warnedOf(s)].slice(0, 30_000))) : list(undefined);
  const s = await snapshot;
  const [result, assets, currency] = await Promise.all([
    rows,
    // The cached result knows the ledger's assets; asking Postgres means a DISTINCT over every row.
    s.status === "fresh" ? s.snapshot.assets : ledgerAssets(userId),
    // The result was computed in the user's base currency (it is part of its settings).
    s.status === "computing" ? accountState(userId).then((a) => a?.tax.settings.baseCurrency ?? "USD") : s.snapshot.result.settings.currency,
  ]);
  return { warned: warnedOf(s), result, assets, currency };
}

export default async function TransactionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const query = Query.parse(params);
  const notice = Notice.parse(params);
  const { page: _page, ...values } = query;
  const [, { warned, result, assets, currency }] = await requireUserWith((userId) => pageData(userId, query));
  const filtered = Object.values(values).some((v) => v !== undefined && v !== "");
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const link = (p: number) => `/transactions?${new URLSearchParams({ ...Object.fromEntries(Object.entries(values).filter(([, v]) => v)), page: String(p) } as Record<string, string>)}`;
  return (
    <>
      <PageHeader
        title="Transactions"
        description={result.total > 0 || filtered ? `${result.total.toLocaleString("en-US")} ledger rows${filtered ? " match" : " across your accounts"}` : "Every trade, deposit, withdrawal, reward and fee in one ledger."}
        actions={
          <Link href="/transactions/new" className={buttonClass("secondary")}>
            Add transaction
          </Link>
        }
      />
      {notice.added && (
        <div className="mb-4">
          <Alert tone="success">Transaction added. Your figures are being updated.</Alert>
        </div>
      )}
      {result.total === 0 && !filtered ? (
        <EmptyState
          title="No transactions yet"
          actions={
            <>
              <Link href="/imports" className={buttonClass("primary")}>
                Upload a CSV export
              </Link>
              <Link href="/connections" className={buttonClass("secondary")}>
                Connect an exchange
              </Link>
            </>
          }
        >
          Transactions appear here once you upload an exchange export or sync a connected exchange.
        </EmptyState>
      ) : (
        <>
          <TransactionFilters values={values} wallets={result.wallets} assets={assets} />
          {result.total === 0 ? (
            <p className="text-sm text-slate-600">No rows match these filters.</p>
          ) : (
            <TransactionsTable rows={result.rows} currency={currency} warned={warned} />
          )}
          <Pagination page={result.page} pages={pages} href={link} />
        </>
      )}
    </>
  );
}
