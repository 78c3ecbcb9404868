import { bitstampRow } from "./bitstamp-rows";
import { defineImporter } from "./define";
import { parseDateTime } from "./dates";

/**
 * Bitstamp: Account → Transactions → Export, current 14-column layout: each of `Amount`,
 * `Value`, `Rate`, `Fee` has its own currency column; ISO `…Z` times; `ID` per row.
 */
export default defineImporter({
  id: "bitstamp-transactions",
  name: "transactions",
  exchange: "Bitstamp",
  signature: ["id", "type", "subtype", "datetime", "amount", "amount currency", "value", "value currency", "fee currency"],
  columns: {
    id: "id",
    type: "type",
    subtype: "subtype",
    time: "datetime",
    amount: "amount",
    amountCurrency: "amount currency",
    value: "value",
    valueCurrency: "value currency",
    fee: "fee",
    feeCurrency: "fee currency",
  },
  open(cols, ctx) {
    return {
      row(row) {
        const c = cols.read(row, ctx);
        const id = c.required("id");
        const type = c.required("type");
        const time = c.time("time", (s) => parseDateTime(s, 0));
        const amount = { amount: c.decimal("amount"), asset: c.asset("amountCurrency") };
        const valueAmount = c.optionalDecimal("value");
        const value = valueAmount ? { amount: valueAmount, asset: c.asset("valueCurrency") } : null;
        const feeAmount = c.optionalDecimal("fee");
        const fee = feeAmount && !feeAmount.isZero() ? { amount: feeAmount, asset: c.asset("feeCurrency") } : null;
        if (c.failed) return;
        bitstampRow(ctx, { line: row.line, time, type, subtype: c.text("subtype"), amount, value, fee, externalId: `bitstamp:${id}` }, (k, reason) => c.fail(k, reason));
      },
    };
  },
});
