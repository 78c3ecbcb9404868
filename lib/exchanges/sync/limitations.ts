import type { ExchangeId } from "../catalog";

/**
 * What an exchange's API sync cannot bring in, per exchange, for the
 * connection page: shown with every sync result (and in the wizard), so a
 * user knows which CSV export to import next to the sync. Known in advance
 * from each exchange's API (the plan files and the notes have the sources);
 * problems found during a sync travel as `SyncPage.notices` instead.
 *
 * Plain data, no ccxt import: server components can read it directly.
 */

export interface SyncLimitation {
  /** Stable id (tests, dismissing). */
  id: string;
  /** One sentence: what is missing and what to import instead. */
  message: string;
}

export const SYNC_LIMITATIONS: Readonly<Record<ExchangeId, readonly SyncLimitation[]>> = {
  binance: [
    {
      id: "binance-margin-fiat",
      message: "Binance margin, futures, card and P2P purchases are not in the API sync: import Binance's Transaction History CSV for them.",
    },
    {
      id: "binance-dust-before-2020-12",
      message: "Binance lists small-balance conversions to BNB only from December 2020: import the Transaction History CSV for older ones.",
    },
  ],
  coinbase: [
    {
      id: "coinbase-portfolio",
      message: "A Coinbase key sees one portfolio: connect a key per portfolio, or import the Coinbase transaction CSV.",
    },
    {
      id: "coinbase-card-buys",
      message:
        "Coinbase app buys paid by card or bank (not from a Coinbase cash wallet) have no payment side in the API, so Lotwise cannot store them: import the Coinbase transaction CSV for those.",
    },
  ],
  kraken: [{ id: "kraken-margin-futures", message: "Kraken margin and futures are not in the API sync: import Kraken's ledger CSV for them." }],
  okx: [
    { id: "okx-fills-3-months", message: "OKX lists trades only for the last 3 months: import the OKX trading history CSV for older trades." },
    { id: "okx-convert", message: "OKX Convert conversions are not in the API sync: import the OKX funding account CSV for them." },
  ],
  bybit: [
    {
      id: "bybit-earn",
      message:
        "Bybit shows Earn yield through its API only to keys with Bybit's Earn permission, and only Flexible Savings of the last 3 months: Lotwise syncs those when the key may read them. For OnChain Earn and other products, older yield, or a key without the Earn permission, import Bybit's Earn history CSV (Assets → Earn → History → Export).",
    },
  ],
  kucoin: [
    {
      id: "kucoin-ledger-1-year",
      message: "KuCoin's API keeps rewards and conversions for the last 12 months only: import KuCoin's account history CSV for older ones.",
    },
    {
      id: "kucoin-before-2019",
      message: "KuCoin trades before 18 February 2019 (its V1 platform) are not in the API: import KuCoin's V1 trade history CSV for them.",
    },
  ],
  gemini: [
    {
      id: "gemini-earn",
      message: "Gemini Earn interest (the program that ended in November 2022) is not in the API sync, unlike Gemini Staking rewards: import Gemini's transaction history CSV for it.",
    },
  ],
  bitstamp: [],
};

export function syncLimitations(exchangeId: ExchangeId): readonly SyncLimitation[] {
  return SYNC_LIMITATIONS[exchangeId];
}
