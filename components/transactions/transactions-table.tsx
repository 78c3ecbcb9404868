import type { TransactionRow } from "@/lib/db/transactions";
import { formatMoney, formatQuantity } from "@/lib/format/amounts";
import { isFiat } from "@/lib/ledger/types";
import { TransactionRows, type TransactionDisplayRow } from "./transaction-rows";

const amount = (sign: "+" | "-", asset: string | null, value: string | null) => (!asset || value === null ? null : `${sign}${formatQuantity(value)} ${asset}`);

/** Ledger rows to display rows: amounts and dates formatted here, so the client table only lays them out. */
export function displayRows(rows: readonly TransactionRow[], warned: ReadonlySet<string>): TransactionDisplayRow[] {
  return rows.map((r) => ({
    id: r.id,
    externalId: r.externalId,
    time: r.time.slice(0, 19).replace("T", " "),
    type: r.label && r.kind === "income" ? r.label : r.kind,
    description: r.description,
    wallet: r.wallet,
    sent: amount("-", r.sentAsset, r.sentAmount),
    received: amount("+", r.receivedAsset, r.receivedAmount),
    fee: amount("-", r.feeAsset, r.feeAmount),
    value: r.fiatValue && r.fiatCurrency ? formatMoney(r.fiatValue, r.fiatCurrency) : "",
    transfer: Boolean(r.transferId),
    manual: r.manual,
    ignored: r.ignored,
    warned: warned.has(r.externalId),
    canMarkTransfer: (r.kind === "withdrawal" || r.kind === "deposit") && !r.transferId,
    cryptoAssets: [...new Set([r.receivedAsset, r.sentAsset].filter((a): a is string => Boolean(a) && !isFiat(a as string)))],
    label: r.label,
  }));
}

export function TransactionsTable({ rows, currency, warned = new Set<string>() }: { rows: TransactionRow[]; currency: string; warned?: ReadonlySet<string> }) {
  return <TransactionRows rows={displayRows(rows, warned)} currency={currency} />;
}
