import { createUniversalParser, isUniversalHeader, normalizeHeader, UNIVERSAL_REQUIRED_COLUMNS } from "../ledger/universal";
import type { Importer } from "./types";

/**
 * The universal template (Koinly's universal columns plus `Account`), parsed by
 * lib/ledger/universal.ts; this only plugs it into the streaming reader. Rows use their own
 * `Account` cell, else the import's account.
 */
const universal: Importer = {
  id: "universal",
  name: "template (Koinly columns + Account)",
  exchange: "Universal",
  detect: (header) => isUniversalHeader(header.cells),
  missing: (header) => UNIVERSAL_REQUIRED_COLUMNS.filter((c) => !header.keys.includes(normalizeHeader(c))),
  open(header, ctx) {
    const made = createUniversalParser(header.cells, { account: ctx.account, headerLine: header.line, maxIssues: Number.MAX_SAFE_INTEGER });
    if (!made.ok) {
      for (const i of made.issues) ctx.error(i.line, i.column, i.reason);
      return { row: () => {} };
    }
    const { parser } = made;
    return {
      row: (row) => parser.row(row.cells, row.line),
      finish() {
        const outcome = parser.finish();
        if (!outcome.ok) {
          for (const i of outcome.issues) ctx.error(i.line, i.column, i.reason);
          return;
        }
        for (const e of outcome.entries) {
          ctx.emit({
            line: e.sourceLine ?? header.line,
            time: e.time,
            kind: e.kind,
            sent: e.sentAsset && e.sentAmount ? { asset: e.sentAsset, amount: e.sentAmount } : null,
            received: e.receivedAsset && e.receivedAmount ? { asset: e.receivedAsset, amount: e.receivedAmount } : null,
            fee: e.feeAsset && e.feeAmount ? { asset: e.feeAsset, amount: e.feeAmount } : null,
            fiat: e.fiatValue && e.fiatCurrency ? { amount: e.fiatValue, currency: e.fiatCurrency } : null,
            label: e.label,
            description: e.description,
            txHash: e.txHash,
            externalId: e.externalId,
            account: e.account,
          });
        }
      },
    };
  },
};

export default universal;
