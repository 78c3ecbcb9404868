import { ZERO } from "./amounts";
import { defineImporter } from "./define";
import { parseDateTime } from "./dates";
import { krakenAsset } from "./kraken-assets";
import { TradeGroups } from "./trades";

// Moves between Kraken's own wallets (spot ↔ staking/earn/futures): not deposits or withdrawals.
const INTERNAL_TRANSFERS = new Set(["spottostaking", "stakingfromspot", "stakingtospot", "spotfromstaking", "spottofutures", "spotfromfutures", "futurestospot", "futuresfromspot"]);
const INTERNAL_EARN = new Set(["allocation", "deallocation", "autoallocation", "migration"]);
// Both legs of a trade share the refid: `trade` for order-book trades, `spend`/`receive` for
// Kraken's "Buy Crypto" button.
const TRADE_TYPES = new Set(["trade", "spend", "receive"]);

/**
 * Kraken: Documents → Export → Ledgers. Header
 * `txid,refid,time,type,subtype,aclass,asset,wallet,amount,fee,balance` (older exports lack
 * `wallet`, newer add `amountusd`). `amount` is signed and excludes `fee`, which is in the row's
 * asset. Deposits and withdrawals appear once pending with an empty txid and again settled:
 * the pending copy is skipped. Kraken recommends this export over trades.csv for taxes.
 */
export default defineImporter({
  id: "kraken-ledgers",
  name: "ledgers",
  exchange: "Kraken",
  signature: ["txid", "refid", "time", "type", "asset", "amount"],
  columns: {
    txid: "txid",
    refid: "refid",
    time: "time",
    type: "type",
    subtype: { optional: "subtype" },
    asset: "asset",
    amount: "amount",
    fee: "fee",
    amountUsd: { optional: "amountusd" },
  },
  open(cols, ctx) {
    const trades = new TradeGroups();
    return {
      row(row) {
        const c = cols.read(row, ctx);
        if (c.text("txid") === "") {
          ctx.skip(row.line, "pending Kraken ledger row (empty txid); the settled copy follows with a txid");
          return;
        }
        const txid = c.text("txid");
        const refid = c.required("refid");
        const time = c.time("time", (s) => parseDateTime(s, 0));
        const type = c.required("type").toLowerCase();
        const subtype = c.text("subtype").toLowerCase();
        const asset = c.asset("asset", krakenAsset);
        const amount = c.decimal("amount");
        const fee = c.optionalDecimal("fee");
        const usd = c.optionalDecimal("amountUsd");
        if (c.failed) {
          if (refid) trades.poison(refid);
          return;
        }
        const feeAmount = { asset, amount: fee ?? ZERO };
        const base = { line: row.line, time, externalId: `kraken:${txid}`, fiat: usd ? { amount: usd, currency: "USD" } : null };

        if (TRADE_TYPES.has(type)) {
          trades.add(refid, row.line, time, { leg: { asset, amount }, fee: feeAmount });
          return;
        }
        if (type === "deposit" || type === "withdrawal") {
          const side = { asset, amount };
          if (amount.gt(0)) ctx.emit({ ...base, kind: "deposit", received: side, fee: feeAmount });
          else ctx.emit({ ...base, kind: "withdrawal", sent: side, fee: feeAmount });
        } else if ((type === "staking" || (type === "earn" && subtype === "reward")) && amount.gt(0)) {
          ctx.emit({ ...base, kind: "income", label: "staking", received: { asset, amount }, fee: feeAmount, description: "Kraken staking reward" });
        } else if ((type === "transfer" && INTERNAL_TRANSFERS.has(subtype)) || (type === "earn" && INTERNAL_EARN.has(subtype))) {
          ctx.skip(row.line, `internal Kraken move (${type}/${subtype}) between own wallets`);
        } else if (type === "transfer" && subtype === "" && amount.gt(0)) {
          // Kraken books airdrops and fork credits as an unsubtyped transfer in.
          ctx.emit({ ...base, kind: "income", label: "airdrop", received: { asset, amount }, fee: feeAmount, description: "Kraken transfer credit (airdrop/fork)" });
        } else if ((type === "dividend" || type === "credit" || type === "invite bonus") && amount.gt(0)) {
          ctx.emit({ ...base, kind: "income", label: "income", received: { asset, amount }, fee: feeAmount, description: `Kraken ${type}` });
        } else {
          c.fail("type", `unsupported Kraken ledger type "${type}${subtype ? `/${subtype}` : ""}" with amount ${amount.toFixed()}`);
        }
      },
      finish() {
        trades.flush(ctx, cols.header.label(cols.index.refid), (refid) => `kraken:${refid}`);
      },
    };
  },
});
