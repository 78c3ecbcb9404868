/**
 * Quote assets of Binance spot markets, for splitting symbols written without a separator
 * (`ETHBTC`, `BTCUSDT`). From BittyTax's `QUOTE_ASSETS` (src/bittytax/conv/parsers/binance.py,
 * commit 287c4b4), which tracks Binance's market list; the longest matching suffix wins.
 */
export const BINANCE_QUOTES = [
  "AED", "AEUR", "ARS", "AUD", "BIDR", "BKRW", "BNB", "BRL", "BTC", "BUSD", "BVND", "COP", "CZK", "DAI", "DOGE", "DOT", "ETH", "EUR", "EURI",
  "FDUSD", "GBP", "GYEN", "IDR", "IDRT", "JPY", "KZT", "MXN", "NGN", "PAX", "PLN", "RLUSD", "RON", "RUB", "SOL", "TRX", "TRY", "TUSD", "UAH",
  "USD", "USD1", "USDC", "USDP", "USDS", "USDT", "UST", "VAI", "XMR", "XRP", "ZAR",
] as const;
