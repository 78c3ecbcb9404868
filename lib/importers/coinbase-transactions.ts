import { coinbaseRow } from "./coinbase-rows";
import { defineImporter } from "./define";
import { normalizeAsset } from "./assets";

/**
 * Coinbase app: Profile → Statements → "Transaction history" CSV, 2024+ layout: a preamble
 * (blank line, `Transactions`, `User,<name>,<uuid>`) above the header, an `ID` per row, and
 * `Price Currency` naming the fiat of the money columns.
 */
export default defineImporter({
  id: "coinbase-transactions",
  name: "transaction history",
  exchange: "Coinbase",
  signature: ["id", "timestamp", "transaction type", "asset", "quantity transacted", "price currency"],
  columns: {
    id: "id",
    time: "timestamp",
    type: "transaction type",
    asset: "asset",
    quantity: "quantity transacted",
    currency: "price currency",
    subtotal: "subtotal",
    total: { match: /^total\b/, label: "Total (inclusive of fees and/or spread)" },
    fees: { match: /^fees\b/, label: "Fees and/or Spread" },
    notes: { optional: "notes" },
  },
  open(cols, ctx) {
    return {
      row(row) {
        const c = cols.read(row, ctx);
        const id = c.required("id");
        const currency = normalizeAsset(c.text("currency"));
        coinbaseRow(c, row, ctx, currency, id ? `coinbase:${id}` : undefined);
      },
    };
  },
});
