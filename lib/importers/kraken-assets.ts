import { normalizeAsset } from "./assets";

/**
 * Kraken's legacy codes: X + crypto, Z + fiat (from its Assets endpoint's `altname`s).
 * Newer listings use plain tickers (`DOT`, `USDC`) and need no mapping.
 */
const LEGACY: Record<string, string> = {
  XXBT: "BTC",
  XBT: "BTC",
  XETH: "ETH",
  XETC: "ETC",
  XLTC: "LTC",
  XXRP: "XRP",
  XXLM: "XLM",
  XXMR: "XMR",
  XZEC: "ZEC",
  XXDG: "DOGE",
  XDG: "DOGE",
  XREP: "REP",
  XMLN: "MLN",
  XICN: "ICN",
  XNMC: "NMC",
  XXVN: "VEN",
  ZUSD: "USD",
  ZEUR: "EUR",
  ZGBP: "GBP",
  ZCAD: "CAD",
  ZJPY: "JPY",
  ZAUD: "AUD",
  ZCHF: "CHF",
  ZKRW: "KRW",
};

/**
 * Kraken asset code → ticker. Staked and earn balances carry suffixes (`DOT.S` staked, `.M`
 * opt-in rewards, `.F` flexible earn, `.B` bonded, `.P` parachain, `.HOLD` held fiat): they are
 * the same coin in another Kraken wallet, so the suffix is dropped. `ETH2`/`ETH2.S` is Kraken's
 * staked ETH, credited 1:1 for ETH: it maps to ETH. Reason: the spot→staking transfer rows are
 * skipped as internal moves, so the staked coin must stay the coin that was moved, or the lots
 * would vanish from ETH and staking rewards would land in an asset with no basis.
 */
export function krakenAsset(code: string): string {
  let c = code.trim().toUpperCase();
  c = c.replace(/\.(S|M|F|B|P|HOLD)$/, "");
  if (c === "ETH2") return "ETH";
  return normalizeAsset(LEGACY[c] ?? c);
}

const KRAKEN_QUOTES = ["ZUSD", "ZEUR", "ZGBP", "ZCAD", "ZJPY", "ZAUD", "ZCHF", "XXBT", "XETH", "USDT", "USDC", "DAI", "USD", "EUR", "GBP", "CAD", "JPY", "AUD", "CHF", "XBT", "ETH", "DOT", "PYUSD", "EURT", "USDG"];

/**
 * Splits a Kraken pair: legacy pairs concatenate two 4-letter codes (`XXBTZEUR`, `XETHXXBT`),
 * newer ones a ticker and a quote (`DOTEUR`, `SOLUSD`), websocket names use a slash.
 */
export function splitKrakenPair(pair: string): { base: string; quote: string } | null {
  const p = pair.trim().toUpperCase();
  const slash = /^([A-Z0-9.]+)\/([A-Z0-9.]+)$/.exec(p);
  if (slash?.[1] && slash[2]) return { base: krakenAsset(slash[1]), quote: krakenAsset(slash[2]) };
  if (/^[XZ][A-Z]{3}[XZ][A-Z]{3}$/.test(p) && LEGACY[p.slice(0, 4)] && LEGACY[p.slice(4)]) {
    return { base: krakenAsset(p.slice(0, 4)), quote: krakenAsset(p.slice(4)) };
  }
  const quote = KRAKEN_QUOTES.filter((q) => p.length > q.length && p.endsWith(q)).sort((a, b) => b.length - a.length)[0];
  if (!quote) return null;
  const base = krakenAsset(p.slice(0, p.length - quote.length));
  return base ? { base, quote: krakenAsset(quote) } : null;
}
