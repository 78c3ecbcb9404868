import { defineImporter } from "./define";
import { offsetFromHeader, parseDateTime } from "./dates";
import { TradeGroups } from "./trades";

/**
 * OKX: Assets → Bills → "Trading account history" (unified account). Starts with a BOM; has two
 * columns named `Unit` (amount unit, then balance unit), so the first is taken by position.
 * A spot fill is two rows sharing `Order id` (`Buy` in the base, `Sell` in the quote); `Fee` is
 * negative, in the row's unit, on top of `Amount`. Transfers in/out only come from the user's
 * own funding account: skipped as internal. Times are read as UTC unless the header names a zone.
 */
export default defineImporter({
  id: "okx-trading-account",
  name: "trading account history",
  exchange: "OKX",
  signature: ["id", "order id", "time", "trade type", "instrument", "amount", "unit", "fee", "balance change"],
  columns: {
    id: "id",
    orderId: "order id",
    time: "time",
    tradeType: "trade type",
    type: "type",
    amount: "amount",
    unit: { match: /^unit$/, label: "Unit", nth: 0 },
    fee: "fee",
  },
  open(cols, ctx) {
    const offset = offsetFromHeader(cols.header.label(cols.index.time)) ?? 0;
    const trades = new TradeGroups();
    return {
      row(row) {
        const c = cols.read(row, ctx);
        const id = c.required("id");
        const time = c.time("time", (s) => parseDateTime(s, offset));
        const tradeType = c.required("tradeType").toLowerCase();
        const type = c.text("type");
        const amount = c.decimal("amount");
        const asset = c.asset("unit");
        const fee = c.optionalDecimal("fee");
        const orderId = c.text("orderId") || `bill-${id}`;
        if (c.failed) {
          trades.poison(orderId);
          return;
        }
        if (tradeType === "transfer") return ctx.skip(row.line, `${type || "Transfer"}: internal move between the user's OKX funding and trading accounts`);
        if (tradeType !== "spot") return c.fail("tradeType", `unsupported OKX trade type "${c.text("tradeType")}" (only spot bills are imported)`);
        trades.add(orderId, row.line, time, { leg: { asset, amount }, fee: fee ? { asset, amount: fee } : undefined });
      },
      finish() {
        trades.flush(ctx, cols.header.label(cols.index.orderId), (orderId) => `okx:${orderId}`);
      },
    };
  },
});
