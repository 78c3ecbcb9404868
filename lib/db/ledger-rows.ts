import type { LedgerEntry } from "@/lib/ledger/types";

/** LedgerEntry -> Transaction columns. Decimals travel as strings so no float ever touches them. */
export function ledgerEntryToRow(entry: LedgerEntry) {
  const s = (d: LedgerEntry["sentAmount"]) => (d === null ? null : d.toFixed());
  return {
    externalId: entry.externalId,
    time: entry.time,
    kind: entry.kind,
    sentAsset: entry.sentAsset,
    sentAmount: s(entry.sentAmount),
    receivedAsset: entry.receivedAsset,
    receivedAmount: s(entry.receivedAmount),
    feeAsset: entry.feeAsset,
    feeAmount: s(entry.feeAmount),
    fiatValue: s(entry.fiatValue),
    fiatCurrency: entry.fiatCurrency,
    label: entry.label,
    description: entry.description,
    txHash: entry.txHash,
  };
}
