/**
 * What each `Operation` of Binance's transaction-history statement means. Names from rotki
 * (rotkehlchen/data_import/importers/binance.py) and BittyTax
 * (src/bittytax/conv/parsers/binance.py, commit 287c4b4), matched case-insensitively. An
 * operation not listed is a line error rather than a silent skip: an unknown row may move money,
 * and dropping it would corrupt balances without anyone noticing.
 */
export type BinanceOp =
  | { do: "trade-leg" }
  | { do: "fee-leg" }
  | { do: "deposit" }
  | { do: "withdrawal" }
  | { do: "income"; label: string }
  | { do: "spend" }
  | { do: "derivatives" }
  | { do: "skip"; why: string };

const table = new Map<string, BinanceOp>();
const add = (op: BinanceOp, names: string[]) => names.forEach((n) => table.set(n, op));

// Legs of trades, dust conversions, converts: grouped by second and account.
add({ do: "trade-leg" }, [
  "buy", "sell", "transaction related", "transaction buy", "transaction spend", "transaction sold", "transaction revenue",
  "small assets exchange bnb", "binance convert", "large otc trading", "eth 2.0 staking", "asset conversion transfer",
  "stablecoins auto-conversion", "leverage token redemption", "buy crypto with card",
]);
add({ do: "fee-leg" }, ["fee", "transaction fee", "bnb fee deduction"]);
// `Buy Crypto` is a card purchase: only the credited coin is in the statement.
add({ do: "deposit" }, ["deposit", "fiat deposit", "buy crypto", "fiat ocbs - add fiat and fees"]);
add({ do: "withdrawal" }, ["withdraw", "fiat withdraw", "fiat withdrawal", "send"]);
add({ do: "income", label: "staking" }, [
  "pos savings interest", "staking rewards", "eth 2.0 staking rewards", "simple earn locked rewards", "bnb vault rewards",
  "liquid swap rewards", "dot slot auction rewards", "launchpool earnings withdrawal", "swap farming rewards",
]);
add({ do: "income", label: "interest" }, ["savings interest", "simple earn flexible interest", "pool distribution", "savings distribution", "launchpool interest"]);
add({ do: "income", label: "airdrop" }, [
  "airdrop assets", "distribution", "hodler airdrops distribution", "megadrop rewards", "launchpool airdrop",
  "launchpool airdrop - user claim distribution", "launchpool airdrop - system distribution", "simple earn flexible airdrop", "token swap - distribution",
]);
add({ do: "income", label: "income" }, [
  "cash voucher distribution", "mission reward distribution", "commission history", "referrer rebates", "commission rebate",
  "commission fee shared with you", "referral kickback", "referral commission", "campaign related reward", "binance card cashback", "crypto box",
]);
add({ do: "income", label: "mining" }, ["super bnb mining"]);
add({ do: "spend" }, ["binance card spending"]);
// Futures wallet results; booked in the user's single Binance account because the spot↔futures
// transfers are skipped.
add({ do: "derivatives" }, ["realized profit and loss", "realize profit and loss", "funding fee", "insurance fund compensation"]);
const earn = "moves coins into or out of a Binance Earn/staking product; they stay the user's";
add({ do: "skip", why: earn }, [
  "savings purchase", "savings principal redemption", "pos savings purchase", "pos savings redemption", "staking purchase", "staking redemption",
  "simple earn locked subscription", "simple earn locked redemption", "simple earn flexible subscription", "simple earn flexible redemption",
  "launchpool subscription/redemption", "launchpad subscribe",
]);
add({ do: "skip", why: "internal transfer between the user's Binance wallets" }, ["transfer_in", "transfer_out"]);

export function binanceOp(operation: string, account: string): BinanceOp | undefined {
  const op = operation.trim().toLowerCase().replace(/\s+/g, " ");
  // `Transfer Between Spot Account and UM Futures Account`, `… Main and Funding Wallet`, …
  if (op.startsWith("transfer between ")) return { do: "skip", why: "internal transfer between the user's Binance wallets" };
  // A `Fee` in a futures or margin wallet is a trading fee there, not a leg of a spot trade.
  if (op === "fee" && !/^(spot|funding)$/i.test(account.trim())) return { do: "derivatives" };
  return table.get(op);
}
