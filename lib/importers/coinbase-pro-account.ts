import { defineImporter } from "./define";
import { parseDateTime } from "./dates";
import { TradeGroups } from "./trades";


/**
 * Coinbase Pro: Statements → "Account" CSV. One row per balance change: a trade is its two
 * `match` rows plus a `fee` row, all sharing `trade id` (and `order id`; trade ids restart per
 * product, so both form the key). BittyTax knows a lower-case header variant with `time`.
 */
export default defineImporter({
  id: "coinbase-pro-account",
  name: "Pro account statement",
  exchange: "Coinbase",
  signature: ["type", "amount", "balance", "amount/balance unit", "transfer id", "trade id", "order id"],
  columns: {
    type: "type",
    time: { match: /^(timestamp|time)$/, label: "Timestamp" },
    amount: "amount",
    unit: "amount/balance unit",
    transferId: "transfer id",
    tradeId: "trade id",
    orderId: "order id",
  },
  open(cols, ctx) {
    const trades = new TradeGroups();
    return {
      row(row) {
        const c = cols.read(row, ctx);
        const type = c.required("type").toLowerCase();
        const time = c.time("time", (s) => parseDateTime(s, 0));
        const amount = c.decimal("amount");
        const asset = c.asset("unit");
        const transferId = c.text("transferId");
        const tradeId = c.text("tradeId");
        const orderId = c.text("orderId");
        if (c.failed) {
          if (tradeId) trades.poison(`${orderId}/${tradeId}`);
          return;
        }
        if (type === "match" || type === "fee") {
          if (!tradeId) return c.fail("tradeId", `${type} row without a trade id`);
          trades.add(`${orderId}/${tradeId}`, row.line, time, type === "fee" ? { fee: { asset, amount } } : { leg: { asset, amount } });
          return;
        }
        const externalId = transferId ? `coinbase-pro:${transferId}` : undefined;
        if (type === "deposit") return ctx.emit({ line: row.line, time, kind: "deposit", received: { asset, amount }, externalId });
        if (type === "withdrawal") return ctx.emit({ line: row.line, time, kind: "withdrawal", sent: { asset, amount }, externalId });
        c.fail("type", `unsupported Coinbase Pro row type "${type}"`);
      },
      finish() {
        trades.flush(ctx, cols.header.label(cols.index.tradeId), (key) => `coinbase-pro:${key}`);
      },
    };
  },
});
