import { defineImporter } from "./define";
import { offsetFromHeader, parseDateTime } from "./dates";

const TIME = { match: /^date & time\b/, label: "Date & Time(UTC)" };

/**
 * Bybit: Assets → Funding account → History → Export. Signed `QTY`; `Description` says what
 * happened. `Transfer to/from Derivatives Account` (or Unified Trading/Spot Account) moves coins
 * between the user's own Bybit accounts: skipped, so they do not become unmatched transfers.
 * Bybit's spot trade export headers are not documented publicly: trades come from the API.
 */
export default defineImporter({
  id: "bybit-funding-history",
  name: "funding account history",
  exchange: "Bybit",
  signature: [TIME, "coin", "qty", "type", "description"],
  columns: { time: TIME, coin: "coin", qty: "qty", type: "type", description: "description" },
  open(cols, ctx) {
    const offset = offsetFromHeader(cols.header.label(cols.index.time)) ?? 0;
    return {
      row(row) {
        const c = cols.read(row, ctx);
        const time = c.time("time", (s) => parseDateTime(s, offset));
        const asset = c.asset("coin");
        const qty = c.decimal("qty");
        const type = c.required("type");
        const description = c.text("description");
        if (c.failed) return;
        const what = `${type} ${description}`.toLowerCase();
        const amount = { asset, amount: qty };
        const inflow = qty.gt(0);
        if (qty.isZero()) return ctx.skip(row.line, "zero QTY: nothing moved");
        const base = { line: row.line, time, description: description || type };
        if (/transfer (to|from) .*account/.test(what) || type.toLowerCase() === "transfer") {
          return ctx.skip(row.line, `${description || type}: internal move between the user's Bybit accounts`);
        }
        if (/withdraw/.test(what) && !inflow) return ctx.emit({ ...base, kind: "withdrawal", sent: amount });
        if (/deposit/.test(what) && inflow) return ctx.emit({ ...base, kind: "deposit", received: amount });
        if (/airdrop/.test(what) && inflow) return ctx.emit({ ...base, kind: "income", label: "airdrop", received: amount });
        if (/interest|earn|savings/.test(what) && inflow) return ctx.emit({ ...base, kind: "income", label: "interest", received: amount });
        if (/bonus|reward|cashback|referral/.test(what) && inflow) return ctx.emit({ ...base, kind: "income", label: "income", received: amount });
        c.fail("description", `unsupported Bybit funding row "${type}" / "${description}" with QTY ${qty.toFixed()}`);
      },
    };
  },
});
