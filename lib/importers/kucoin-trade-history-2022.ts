import { splitPair } from "./assets";
import { defineImporter } from "./define";
import { parseDateTime } from "./dates";
import { kucoinOffset } from "./kucoin-time";
import { emitSideTrade, tradeSide } from "./trades";

/**
 * KuCoin's 2022 "Trade History" export: `tradeCreatedAt,symbol,side,price,size,funds,fee,
 * feeCurrency`, lower-case sides, long decimals; times in UTC+8 (no zone in the header).
 */
export default defineImporter({
  id: "kucoin-trade-history-2022",
  name: "trade history (2022)",
  exchange: "KuCoin",
  signature: ["tradecreatedat", "symbol", "side", "size", "funds", "feecurrency"],
  columns: { time: "tradecreatedat", symbol: "symbol", side: "side", price: "price", size: "size", funds: "funds", fee: "fee", feeCurrency: "feecurrency" },
  open(cols, ctx) {
    const offset = kucoinOffset("");
    return {
      row(row) {
        const c = cols.read(row, ctx);
        const time = c.time("time", (s) => parseDateTime(s, offset));
        const symbol = c.required("symbol");
        const side = tradeSide(c.text("side"));
        c.decimal("price");
        const size = c.decimal("size");
        const funds = c.decimal("funds");
        const fee = c.optionalDecimal("fee");
        const feeAsset = fee && !fee.isZero() ? c.asset("feeCurrency") : "";
        const pair = symbol ? splitPair(symbol, []) : null;
        if (symbol && !pair) c.fail("symbol", `cannot split symbol "${symbol}" into base and quote`);
        if (!side) c.fail("side", `unknown side "${c.text("side")}" (expected buy or sell)`);
        if (c.failed || !pair || !side) return;
        emitSideTrade(ctx, { line: row.line, time, side, base: { asset: pair.base, amount: size }, quote: { asset: pair.quote, amount: funds }, fees: fee && feeAsset ? [{ asset: feeAsset, amount: fee }] : [] });
      },
    };
  },
});
