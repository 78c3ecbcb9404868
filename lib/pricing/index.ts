/**
 * The price service: "what was 1 X worth in USD/GBP/EUR at time T", for the tax engine.
 *
 * Two phases, because the engine is synchronous and pure (style guide: "the engine gets a lookup
 * fn, never HTTP"):
 *
 *   const needs = neededPrices(entries, settings);                 // pure: what the engine will ask
 *   const warm = await warmPrices(needs, { store, sources, manual }); // I/O: cache, else exchanges
 *   const prices = createPriceLookup(warm);                        // sync, from memory
 *   const result = computeTax(entries, { ...settings, prices });
 *
 * or `preparePrices(entries, settings, opts)` for the first three lines. In the app: `store` is
 * `prismaCandleStore` (lib/db/candles.ts), `sources` is `ohlcvSourcesFromEnv(process.env)`
 * (LOTWISE_PRICE_SOURCES, see ohlcv-source.ts), `manual` is `await manualPricesForLookup(userId)`
 * (lib/db/manual-prices.ts).
 */
export type { PriceLookup, PriceQuote } from "./types";
export { PriceTable } from "./types";
export { parsePriceCsv, PRICE_COLUMNS } from "./price-csv";
export { neededPrices, type PriceNeed } from "./needs";
export { DEFAULT_INTERVALS, preparePrices, warmPrices, type UnpricedGroup, type WarmError, type WarmOptions, type WarmReport, type WarmResult } from "./warm";
export { createPriceLookup, type PriceLookupOptions } from "./lookup";
export { ManualPrices, priceCsvRows, type ManualPriceInput, type ManualPriceRow, type PriceCsvRowsOutcome } from "./manual";
export {
  CandleIndex,
  DAY_MS,
  HOUR_MS,
  INTERVAL_MS,
  INTERVALS,
  MemoryCandleStore,
  isInterval,
  seriesId,
  type Candle,
  type CandleStore,
  type FeedConfig,
  type Interval,
  type SeriesKey,
  type SeriesRange,
  type SeriesWrite,
  type StoredRange,
} from "./candle-store";
export { DEFAULT_ROUTING, hopMarkets, planRoutes, type Hop, type MarketSide, type Route, type RoutingOptions } from "./routes";
export { ccxtOhlcvSource, createOhlcvSources, DEFAULT_PRICE_SOURCES, ohlcvSourcesFromEnv, PRICE_SOURCES_ENV, priceSourcesFromEnv, type CcxtOhlcvSourceOptions, type OhlcvSource } from "./ohlcv-source";
