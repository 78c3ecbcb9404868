import { splitPair } from "./assets";
import { BINANCE_QUOTES } from "./binance-quotes";
import { defineImporter } from "./define";
import { offsetFromHeader, parseDateTime } from "./dates";
import { emitTrade } from "./trades";

/**
 * Binance trade history before the glued-amount layout: `Date(UTC),Market,Type,Price,Amount,
 * Total,Fee,Fee Coin`, plain numbers, base amount in `Amount`, quote in `Total`.
 */
export default defineImporter({
  id: "binance-trade-history-legacy",
  name: "spot trade history (old layout)",
  exchange: "Binance",
  signature: [{ match: /^date\(utc[^)]*\)$/, label: "Date(UTC)" }, "market", "type", "amount", "total", "fee", "fee coin"],
  columns: {
    time: { match: /^date\(utc[^)]*\)$/, label: "Date(UTC)" },
    market: "market",
    type: "type",
    price: "price",
    amount: "amount",
    total: "total",
    fee: "fee",
    feeCoin: "fee coin",
  },
  open(cols, ctx) {
    const offset = offsetFromHeader(cols.header.label(cols.index.time)) ?? 0;
    return {
      row(row) {
        const c = cols.read(row, ctx);
        const time = c.time("time", (s) => parseDateTime(s, offset));
        const market = c.required("market");
        const side = c.required("type").toUpperCase();
        c.decimal("price");
        const amount = c.decimal("amount");
        const total = c.decimal("total");
        const fee = c.optionalDecimal("fee");
        const feeCoin = fee && !fee.isZero() ? c.asset("feeCoin") : "";
        const pair = market ? splitPair(market, BINANCE_QUOTES) : null;
        if (market && !pair) c.fail("market", `cannot split market "${market}" into base and quote`);
        if (side && side !== "BUY" && side !== "SELL") c.fail("type", `unknown side "${side}" (expected BUY or SELL)`);
        if (c.failed || !pair) return;
        const base = { asset: pair.base, amount };
        const quote = { asset: pair.quote, amount: total };
        const fees = fee && feeCoin ? [{ asset: feeCoin, amount: fee }] : [];
        emitTrade(ctx, { line: row.line, time, fees, ...(side === "BUY" ? { sent: quote, received: base } : { sent: base, received: quote }) });
      },
    };
  },
});
