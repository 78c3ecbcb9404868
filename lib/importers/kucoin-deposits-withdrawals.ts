import { defineImporter } from "./define";
import { parseDateTime } from "./dates";
import { kucoinOffset } from "./kucoin-time";

const TIME = { match: /^time\b/, label: "Time(UTC+08:00)" };

/**
 * KuCoin: Assets → Deposit/Withdrawal history → Export, "Deposit" and "Withdrawal" sheets
 * (columns in a different order from the trade sheet). The withdrawal sheet is recognised by its
 * `Withdrawal Address/Account` column (as BittyTax does). Only `SUCCESS` rows moved money:
 * FAILURE and PROCESSING rows are skipped.
 */
export default defineImporter({
  id: "kucoin-deposits-withdrawals",
  name: "deposit/withdrawal history",
  exchange: "KuCoin",
  signature: ["uid", "account type", TIME, "status", "amount", "coin", "remarks"],
  columns: {
    time: TIME,
    status: "status",
    fee: "fee",
    amount: "amount",
    coin: "coin",
    remarks: { optional: "remarks" },
    hash: { optional: "hash" },
    address: { optional: { match: /^withdrawal address/, label: "Withdrawal Address/Account" } },
  },
  open(cols, ctx) {
    const offset = kucoinOffset(cols.header.label(cols.index.time));
    const withdrawals = cols.index.address >= 0;
    return {
      row(row) {
        const c = cols.read(row, ctx);
        const status = c.required("status").toUpperCase();
        const time = c.time("time", (s) => parseDateTime(s, offset));
        const amount = c.decimal("amount");
        const fee = c.optionalDecimal("fee");
        const asset = c.asset("coin");
        if (c.failed) return;
        if (status !== "SUCCESS") return ctx.skip(row.line, `KuCoin ${withdrawals ? "withdrawal" : "deposit"} with status ${status}: no funds moved`);
        const coin = { asset, amount };
        const base = { line: row.line, time, fee: fee ? { asset, amount: fee } : null, txHash: c.text("hash") || null, description: c.text("remarks") || null };
        if (withdrawals) ctx.emit({ ...base, kind: "withdrawal", sent: coin });
        else ctx.emit({ ...base, kind: "deposit", received: coin });
      },
    };
  },
});
