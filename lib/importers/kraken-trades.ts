import { defineImporter } from "./define";
import { parseDateTime } from "./dates";
import { splitKrakenPair } from "./kraken-assets";
import { emitTrade } from "./trades";

/**
 * Kraken: Documents → Export → Trades. `pair` concatenates Kraken codes (`XXBTZEUR`), `vol` is
 * the base amount, `cost` the quote amount before `fee`, which is in the quote asset; `time`
 * has sub-second digits. The trade txid is the `refid` of the two ledger rows, so the entry
 * gets the same externalId (`kraken:<txid>`) as the ledger import: importing both exports does
 * not count a trade twice. Kraken recommends the ledger export for taxes (it also has deposits,
 * staking and fees); this one is for users who only have it.
 */
export default defineImporter({
  id: "kraken-trades",
  name: "trades",
  exchange: "Kraken",
  signature: ["txid", "ordertxid", "pair", "time", "type", "ordertype", "cost", "vol"],
  columns: { txid: "txid", pair: "pair", time: "time", type: "type", price: "price", cost: "cost", fee: "fee", vol: "vol", margin: { optional: "margin" } },
  open(cols, ctx) {
    return {
      row(row) {
        const c = cols.read(row, ctx);
        const txid = c.required("txid");
        const pairText = c.required("pair");
        const time = c.time("time", (s) => parseDateTime(s, 0));
        const side = c.required("type").toLowerCase();
        c.decimal("price");
        const cost = c.decimal("cost");
        const fee = c.optionalDecimal("fee");
        const vol = c.decimal("vol");
        const margin = c.optionalDecimal("margin");
        const pair = pairText ? splitKrakenPair(pairText) : null;
        if (pairText && !pair) c.fail("pair", `unknown asset pair "${pairText}"`);
        if (side !== "" && side !== "buy" && side !== "sell") c.fail("type", `unknown trade side "${side}" (expected buy or sell)`);
        if (margin && !margin.isZero()) c.fail("margin", "margin trades are not supported; import the ledger export instead");
        if (c.failed || !pair) return;
        const base = { asset: pair.base, amount: vol };
        const quote = { asset: pair.quote, amount: cost };
        const fees = fee ? [{ asset: pair.quote, amount: fee }] : [];
        const legs = side === "buy" ? { sent: quote, received: base } : { sent: base, received: quote };
        emitTrade(ctx, { line: row.line, time, ...legs, fees, externalId: `kraken:${txid}` });
      },
    };
  },
});
