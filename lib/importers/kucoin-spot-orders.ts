import { splitPair } from "./assets";
import { defineImporter } from "./define";
import { parseDateTime } from "./dates";
import { kucoinOffset } from "./kucoin-time";
import { emitSideTrade, tradeSide } from "./trades";

const FILLED_TIME = { match: /^filled time\b/, label: "Filled Time(UTC+08:00)" };

/**
 * KuCoin: Orders → Spot Order History → Export, "Filled Orders" sheet. One row per order:
 * `Filled Amount` in the base, `Filled Volume` in the quote, `Fee` in `Fee Currency`;
 * `Filled Volume (USDT)` is only a valuation. Times in the header's zone.
 */
export default defineImporter({
  id: "kucoin-spot-orders",
  name: "spot filled orders",
  exchange: "KuCoin",
  signature: ["order id", "symbol", "side", "filled amount", "filled volume", "fee currency", FILLED_TIME],
  columns: { orderId: "order id", symbol: "symbol", side: "side", amount: "filled amount", volume: "filled volume", time: FILLED_TIME, fee: "fee", feeCurrency: "fee currency" },
  open(cols, ctx) {
    const offset = kucoinOffset(cols.header.label(cols.index.time));
    return {
      row(row) {
        const c = cols.read(row, ctx);
        const orderId = c.required("orderId");
        const symbol = c.required("symbol");
        const side = tradeSide(c.text("side"));
        const amount = c.decimal("amount");
        const volume = c.decimal("volume");
        const time = c.time("time", (s) => parseDateTime(s, offset));
        const fee = c.optionalDecimal("fee");
        const feeAsset = fee && !fee.isZero() ? c.asset("feeCurrency") : "";
        const pair = symbol ? splitPair(symbol, []) : null;
        if (symbol && !pair) c.fail("symbol", `cannot split symbol "${symbol}" into base and quote`);
        if (!side) c.fail("side", `unknown side "${c.text("side")}" (expected BUY or SELL)`);
        if (c.failed || !pair || !side) return;
        emitSideTrade(ctx, {
          line: row.line,
          time,
          side,
          base: { asset: pair.base, amount },
          quote: { asset: pair.quote, amount: volume },
          fees: fee && feeAsset ? [{ asset: feeAsset, amount: fee }] : [],
          externalId: `kucoin:${orderId}`,
        });
      },
    };
  },
});
