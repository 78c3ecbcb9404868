/**
 * Crypto.com App `Transaction Kind` values and what they mean for the ledger. Lists from
 * rotki's importer (rotkehlchen/data_import/importers/cryptocom.py), which documents which kinds
 * do not change the wallet balance (locks, program moves). Unknown kinds are line errors.
 */
export type CryptocomKind =
  | { do: "trade"; from: "currency" | "native"; to: "to" | "currency" | "native" }
  | { do: "move" }
  | { do: "income"; label: string }
  | { do: "refund" }
  | { do: "spend" }
  | { do: "pair"; family: string; side: "credited" | "debited" }
  | { do: "invest"; side: "deposit" | "withdrawal" }
  | { do: "skip"; why: string };

const table = new Map<string, CryptocomKind>();
const add = (k: CryptocomKind, kinds: string[]) => kinds.forEach((n) => table.set(n, k));

// `Currency`/`Amount` sold for `To Currency`/`To Amount`.
add({ do: "trade", from: "currency", to: "to" }, [
  "crypto_exchange", "crypto_viban_exchange", "viban_purchase", "van_purchase", "crypto_to_van_sell_order", "recurring_buy_order",
  "trading.limit_order.cash_account.purchase_commit", "trading.limit_order.fiat_wallet.sell_commit",
]);
// Bought `Currency` with the native (fiat) amount: only the coin side has its own columns.
add({ do: "trade", from: "native", to: "currency" }, ["crypto_purchase"]);
// Card top-up: the coin is sold for the card's fiat.
add({ do: "trade", from: "currency", to: "native" }, ["card_top_up"]);
// Coins leaving or entering the App, by the sign of `Amount`. The App ↔ Crypto.com Exchange
// transfers stay transfers (rotki drops them): the Exchange is a separate platform with its own
// export, and the move is real for the App's balance.
add({ do: "move" }, ["crypto_withdrawal", "crypto_deposit", "viban_deposit", "viban_withdrawal", "viban_card_top_up", "crypto_transfer", "crypto_to_exchange_transfer", "exchange_to_crypto_transfer"]);
add({ do: "income", label: "staking" }, ["mco_stake_reward", "supercharger_reward_to_app_credited", "finance.lockup.dpos_compound_interest.crypto_wallet", "finance.dpos.non_compound_interest.crypto_wallet"]);
add({ do: "income", label: "interest" }, ["crypto_earn_interest_paid", "crypto_earn_extra_interest_paid"]);
add({ do: "income", label: "airdrop" }, ["airdrop_to_exchange_transfer"]);
add({ do: "income", label: "income" }, [
  "pay_checkout_reward", "rewards_platform_deposit_credited", "transfer_cashback", "referral_card_cashback", "referral_gift", "referral_bonus",
  "reimbursement", "gift_card_reward", "admin_wallet_credited", "campaign_reward", "reward.loyalty_program.trading_rebate.crypto_wallet",
]);
// A merchant refund gives back coins that a `crypto_payment` spent: not income.
add({ do: "refund" }, ["crypto_payment_refund"]);
add({ do: "spend" }, ["crypto_payment", "card_cashback_reverted", "reimbursement_reverted"]);
for (const family of ["dynamic_coin_swap", "dust_conversion", "interest_swap"]) {
  add({ do: "pair", family, side: "credited" }, [`${family}_credited`]);
  add({ do: "pair", family, side: "debited" }, [`${family}_debited`]);
}
add({ do: "invest", side: "deposit" }, ["invest_deposit"]);
add({ do: "invest", side: "withdrawal" }, ["invest_withdrawal"]);
add({ do: "skip", why: "does not change the wallet balance (lock, program move or order reservation)" }, [
  "crypto_earn_program_created", "crypto_earn_program_withdrawn", "lockup_lock", "lockup_unlock", "lockup_upgrade",
  "dynamic_coin_swap_bonus_exchange_deposit", "crypto_wallet_swap_debited", "crypto_wallet_swap_credited", "lockup_swap_debited",
  "lockup_swap_credited", "lockup_swap_rebate", "supercharger_deposit", "supercharger_withdrawal", "airdrop_locked",
  "trading.limit_order.cash_account.purchase_lock", "trading.limit_order.cash_account.purchase_unlock", "trading.limit_order.fiat_wallet.purchase_lock",
  "trading.limit_order.fiat_wallet.purchase_unlock", "trading.limit_order.fiat_wallet.sell_lock", "trading.limit_order.crypto_wallet.fund_lock",
  "finance.lockup.dpos_lock.crypto_wallet", "finance.dpos.staking.crypto_wallet",
]);

export function cryptocomKind(kind: string): CryptocomKind | undefined {
  return table.get(kind.trim().toLowerCase());
}
