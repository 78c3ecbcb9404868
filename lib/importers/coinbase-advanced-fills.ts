import { defineImporter } from "./define";
import { parseDateTime } from "./dates";
import { splitPair } from "./assets";
import { emitTrade } from "./trades";

/**
 * Coinbase Advanced (ex-Pro): Statements → "Fills" CSV. One row per fill. `size` is the base
 * amount in `size unit`; `total` is signed in `price/fee/total unit` and includes `fee`
 * (negative for BUY: paid = size×price + fee; positive for SELL: got = size×price − fee), so the
 * gross quote amount is |total| − fee for buys and total + fee for sells. Coinbase numbers trade
 * ids per product (ETH-BTC and BTC-USD both reach 23011773-like values), so the id includes it.
 */
export default defineImporter({
  id: "coinbase-advanced-fills",
  name: "Advanced fills",
  exchange: "Coinbase",
  signature: ["trade id", "product", "side", "created at", "size", "size unit", "price/fee/total unit"],
  columns: {
    tradeId: "trade id",
    product: "product",
    side: "side",
    time: "created at",
    size: "size",
    sizeUnit: "size unit",
    price: "price",
    fee: "fee",
    total: "total",
    unit: "price/fee/total unit",
  },
  open(cols, ctx) {
    return {
      row(row) {
        const c = cols.read(row, ctx);
        const tradeId = c.required("tradeId");
        const product = c.required("product");
        const side = c.required("side").toUpperCase();
        const time = c.time("time", (s) => parseDateTime(s, 0));
        const size = c.decimal("size");
        const base = c.asset("sizeUnit");
        c.decimal("price");
        const fee = c.decimal("fee").abs();
        const total = c.decimal("total");
        const quote = c.asset("unit");
        if (side && side !== "BUY" && side !== "SELL") c.fail("side", `unknown side "${side}" (expected BUY or SELL)`);
        const pair = product ? splitPair(product, []) : null;
        if (product && (!pair || (base && pair.base !== base && pair.quote !== base))) c.fail("product", `product "${product}" does not match size unit ${base}`);
        if (c.failed) return;
        const gross = side === "BUY" ? total.abs().minus(fee) : total.abs().plus(fee);
        const coin = { asset: base, amount: size };
        const money = { asset: quote, amount: gross };
        const fees = [{ asset: quote, amount: fee }];
        const externalId = `coinbase-advanced:${product.toUpperCase()}:${tradeId}`;
        emitTrade(ctx, { line: row.line, time, externalId, fees, ...(side === "BUY" ? { sent: money, received: coin } : { sent: coin, received: money }) });
      },
    };
  },
});
