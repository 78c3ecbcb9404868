import { parseAmountWithAsset } from "./amounts";
import { splitPair } from "./assets";
import { BINANCE_QUOTES } from "./binance-quotes";
import { defineImporter } from "./define";
import { offsetFromHeader, parseDateTime } from "./dates";
import { emitTrade } from "./trades";

/**
 * Binance: Orders → Spot Order → Trade History → Export. `Executed`, `Amount` and `Fee` glue the
 * asset to the number (`0.00470000BTC`, quoted `"1,103.50000000USDT"` once thousands separators
 * appear); `Pair` has no separator, so it is split with Binance's quote list and cross-checked
 * against the assets in the cells. `Fee` may be in BNB, the base or the quote. No ids: rows get
 * fingerprints. This is the export the 100,000-row bench streams.
 */
export default defineImporter({
  id: "binance-trade-history",
  name: "spot trade history",
  exchange: "Binance",
  signature: [{ match: /^date\(utc[^)]*\)$/, label: "Date(UTC)" }, "pair", "side", "executed", "amount", "fee"],
  columns: {
    time: { match: /^date\(utc[^)]*\)$/, label: "Date(UTC)" },
    pair: "pair",
    side: "side",
    price: "price",
    executed: "executed",
    amount: "amount",
    fee: "fee",
  },
  open(cols, ctx) {
    const offset = offsetFromHeader(cols.header.label(cols.index.time)) ?? 0;
    const glued = (c: ReturnType<typeof cols.read>, key: "executed" | "amount" | "fee", expected: string[]) => {
      const raw = c.text(key);
      const parsed = parseAmountWithAsset(raw, expected);
      if (!parsed) c.fail(key, raw === "" ? "missing amount" : `non-numeric amount "${raw}"`);
      return parsed;
    };
    return {
      row(row) {
        const c = cols.read(row, ctx);
        const time = c.time("time", (s) => parseDateTime(s, offset));
        const pairText = c.required("pair").toUpperCase();
        const side = c.required("side").toUpperCase();
        c.decimal("price");
        const pair = splitPair(pairText, BINANCE_QUOTES);
        const expected = pair ? [pair.base, pair.quote] : [];
        const executed = glued(c, "executed", expected);
        const amount = glued(c, "amount", expected);
        const fee = c.text("fee") === "" ? null : glued(c, "fee", [...expected, "BNB"]);
        if (side && side !== "BUY" && side !== "SELL") c.fail("side", `unknown side "${side}" (expected BUY or SELL)`);
        if (executed && amount && pairText && executed.asset + amount.asset !== pairText) {
          c.fail("pair", `pair "${pairText}" does not match the assets of Executed (${executed.asset}) and Amount (${amount.asset})`);
        }
        if (c.failed || !executed || !amount) return;
        const legs = side === "BUY" ? { sent: amount, received: executed } : { sent: executed, received: amount };
        emitTrade(ctx, { line: row.line, time, ...legs, fees: fee ? [fee] : [] });
      },
    };
  },
});
