import { coinbaseRow } from "./coinbase-rows";
import { defineImporter } from "./define";
import { normalizeAsset } from "./assets";

/**
 * Coinbase app transaction history before 2024: no `ID` column (rows get fingerprints), a longer
 * preamble, ISO `…Z` timestamps. Two generations: `Spot Price Currency` + `Subtotal`/`Total
 * (inclusive of fees and/or spread)`/`Fees and/or Spread`, and mid-2021 files whose money
 * columns carry the currency in the name (`EUR Spot Price at Transaction`, `EUR Subtotal`,
 * `EUR Total (inclusive of fees)`, `EUR Fees`).
 */
export default defineImporter({
  id: "coinbase-transactions-legacy",
  name: "transaction history (before 2024)",
  exchange: "Coinbase",
  signature: ["timestamp", "transaction type", "asset", "quantity transacted", { match: /spot price at transaction$/, label: "Spot Price at Transaction" }],
  columns: {
    id: { optional: "id" },
    time: "timestamp",
    type: "transaction type",
    asset: "asset",
    quantity: "quantity transacted",
    currency: { optional: "spot price currency" },
    subtotal: { match: /^([a-z]{3} )?subtotal$/, label: "Subtotal" },
    total: { match: /^([a-z]{3} )?total\b/, label: "Total (inclusive of fees and/or spread)" },
    fees: { match: /^([a-z]{3} )?fees\b/, label: "Fees and/or Spread" },
    notes: { optional: "notes" },
  },
  open(cols, ctx) {
    const prefixed = /^([a-z]{3}) subtotal$/.exec(cols.header.keys[cols.index.subtotal] ?? "");
    const headerCurrency = prefixed?.[1] ? prefixed[1].toUpperCase() : "";
    return {
      row(row) {
        const c = cols.read(row, ctx);
        const currency = normalizeAsset(c.text("currency")) || headerCurrency;
        coinbaseRow(c, row, ctx, currency);
      },
    };
  },
});
