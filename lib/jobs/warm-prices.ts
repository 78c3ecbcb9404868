import { loadLedgerEntries } from "@/lib/db/ledger";
import { prismaCandleStore } from "@/lib/db/candles";
import { manualPricesForLookup } from "@/lib/db/manual-prices";
import { ohlcvSourcesFromEnv } from "@/lib/pricing/ohlcv-source";
import { warmPrices } from "@/lib/pricing/warm";
import { neededPrices } from "@/lib/pricing/needs";
import { holdingPriceNeeds } from "@/lib/pricing/holding-needs";
import { resolveSettings } from "@/lib/tax/engine";
import { taxSettingsFor } from "@/lib/server/tax-context";
import { log } from "@/lib/log";
import { prisma } from "@/lib/db/prisma";
import { recordLedgerChange } from "@/lib/db/ledger-changes";
import { changeEverything } from "@/lib/ledger/changes";

/**
 * Fetches the market prices a user's ledger needs into the shared candle cache, so pages that run
 * the engine later find them there. Runs in the worker after imports and syncs; re-running asks no
 * exchange for what is already cached.
 */
export async function warmPricesForUser(userId: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const [entries, settings, manual] = await Promise.all([loadLedgerEntries(userId), taxSettingsFor(userId), manualPricesForLookup(userId)]);
  if (entries.length === 0) return false;
  const sources = ohlcvSourcesFromEnv(env);
  const needs = neededPrices(entries, settings);
  const warm = await warmPrices(needs, { store: prismaCandleStore, sources, manual });
  // Daily closes for every day an asset was held: the value-over-time chart and today's market value.
  const currency = resolveSettings(settings).currency;
  // Up to yesterday's close, as the dashboard values holdings (lib/server/tax-snapshot.ts): today's candle is still open.
  const lastClose = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 - 1);
  const daily = await warmPrices(holdingPriceNeeds(entries, { currency, now: lastClose }), { store: prismaCandleStore, sources, manual, intervals: ["1d"] });
  warm.report.candlesFetched += daily.report.candlesFetched;
  log.info({ userId, requests: warm.report.requests, errors: warm.report.errors.length, unpriced: warm.report.unpriced.length }, "prices warmed");
  if (warm.report.candlesFetched === 0 || needs.length === 0) return false;
  // New candles can value rows that had no price: results from the earliest priced row on are out of date.
  const earliest = needs.reduce((min, n) => (n.time.getTime() < min ? n.time.getTime() : min), Number.POSITIVE_INFINITY);
  await recordLedgerChange(prisma, userId, changeEverything(new Date(earliest)));
  return true;
}
