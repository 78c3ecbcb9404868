import { defineImporter } from "./define";
import { parseDateTime } from "./dates";
import { kucoinOffset } from "./kucoin-time";
import { emitSideTrade, tradeSide } from "./trades";

/**
 * KuCoin's legacy (2019) trade export: `Time,Pair,Side,FilledPrice,FilledPriceCoin,Amount,
 * AmountCoin,Volume,VolumeCoin,Fee,FeeCoin`, dates `2019/05/11 10:27:17` in UTC+8. Every amount
 * names its coin, so the pair (`KCS/BTC`) is only cross-checked.
 */
export default defineImporter({
  id: "kucoin-trade-history-2019",
  name: "trade history (2019)",
  exchange: "KuCoin",
  signature: ["time", "pair", "side", "filledprice", "amountcoin", "volumecoin", "feecoin"],
  columns: { time: "time", pair: "pair", side: "side", price: "filledprice", amount: "amount", amountCoin: "amountcoin", volume: "volume", volumeCoin: "volumecoin", fee: "fee", feeCoin: "feecoin" },
  open(cols, ctx) {
    const offset = kucoinOffset("");
    return {
      row(row) {
        const c = cols.read(row, ctx);
        const time = c.time("time", (s) => parseDateTime(s, offset));
        const pair = c.required("pair").toUpperCase();
        const side = tradeSide(c.text("side"));
        c.decimal("price");
        const amount = c.decimal("amount");
        const base = c.asset("amountCoin");
        const volume = c.decimal("volume");
        const quote = c.asset("volumeCoin");
        const fee = c.optionalDecimal("fee");
        const feeAsset = fee && !fee.isZero() ? c.asset("feeCoin") : "";
        if (!side) c.fail("side", `unknown side "${c.text("side")}" (expected Buy or Sell)`);
        if (pair && base && quote && pair !== `${base}/${quote}`) c.fail("pair", `pair "${pair}" does not match AmountCoin ${base} and VolumeCoin ${quote}`);
        if (c.failed || !side) return;
        emitSideTrade(ctx, { line: row.line, time, side, base: { asset: base, amount }, quote: { asset: quote, amount: volume }, fees: fee && feeAsset ? [{ asset: feeAsset, amount: fee }] : [] });
      },
    };
  },
});
