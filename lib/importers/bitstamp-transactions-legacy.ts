import { parseAmountWithAsset } from "./amounts";
import { bitstampRow } from "./bitstamp-rows";
import { defineImporter } from "./define";
import { parseMonthNameDateTime } from "./dates";
import type { AssetAmount } from "./types";

/**
 * Bitstamp's older Transactions export: `Type,Datetime,Account,Amount,Value,Rate,Fee,Sub Type`,
 * times like `"Jan. 28, 2022, 12:13 AM"` (UTC), amounts with the currency in the cell
 * (`1.00000000 ETH`, `2214.01 EUR`), often no final newline. No ids: rows get fingerprints.
 */
export default defineImporter({
  id: "bitstamp-transactions-legacy",
  name: "transactions (old layout)",
  exchange: "Bitstamp",
  signature: ["type", "datetime", "account", "amount", "value", "rate", "fee", "sub type"],
  columns: { type: "type", time: "datetime", amount: "amount", value: "value", fee: "fee", subtype: "sub type" },
  open(cols, ctx) {
    return {
      row(row) {
        const c = cols.read(row, ctx);
        const type = c.required("type");
        const time = c.time("time", (s) => parseMonthNameDateTime(s, 0));
        const withAsset = (key: "amount" | "value" | "fee", required: boolean): AssetAmount | null => {
          const raw = c.text(key);
          if (raw === "" && !required) return null;
          const parsed = parseAmountWithAsset(raw);
          if (!parsed) c.fail(key, raw === "" ? "missing amount" : `non-numeric amount "${raw}"`);
          return parsed;
        };
        const amount = withAsset("amount", true);
        const value = withAsset("value", false);
        const fee = withAsset("fee", false);
        if (c.failed || !amount) return;
        bitstampRow(ctx, { line: row.line, time, type, subtype: c.text("subtype"), amount, value, fee }, (k, reason) => c.fail(k, reason));
      },
    };
  },
});
