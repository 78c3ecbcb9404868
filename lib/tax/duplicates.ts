import type Decimal from "decimal.js";
import type { LedgerEntry } from "../ledger/types";
import type { Warnings } from "./warnings";

const text = (d: Decimal | null): string => (d === null ? "" : d.toFixed());

/**
 * Duplicate-looking rows: same instant, account, kind, assets, amounts and tx hash but different
 * externalIds, the usual sign of one export imported twice or two overlapping exports. They may be
 * genuine (two equal fills of one order), so they are flagged, never dropped. Rows are compared
 * only within runs sharing an instant, so the check costs nothing for typical ledgers.
 */
export function findDuplicates(entries: readonly LedgerEntry[], order: readonly number[], ms: Float64Array, warnings: Warnings): void {
  let start = 0;
  while (start < order.length) {
    const t = ms[order[start] as number] as number;
    let end = start + 1;
    while (end < order.length && ms[order[end] as number] === t) end++;
    if (end - start > 1) {
      const groups = new Map<string, LedgerEntry[]>();
      for (let k = start; k < end; k++) {
        const e = entries[order[k] as number] as LedgerEntry;
        const key = [e.account, e.kind, e.sentAsset ?? "", text(e.sentAmount), e.receivedAsset ?? "", text(e.receivedAmount), e.feeAsset ?? "", text(e.feeAmount), e.txHash ?? ""].join("\u001f");
        const g = groups.get(key);
        if (g) g.push(e);
        else groups.set(key, [e]);
      }
      for (const g of groups.values()) {
        if (g.length < 2) continue;
        const first = g[0] as LedgerEntry;
        const ids = g.map((e) => e.externalId).sort();
        warnings.add(
          "duplicate-suspect",
          `${g.length} rows in ${first.account} at ${first.time.toISOString()} are identical (${first.kind}); check the ledger was not imported twice`,
          ids,
          first.sentAsset ?? first.receivedAsset ?? first.feeAsset,
          first.account,
          first.time,
        );
      }
    }
    start = end;
  }
}
