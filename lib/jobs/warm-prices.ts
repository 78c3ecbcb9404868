import { loadLedgerEntries } from "@/lib/db/ledger";
import { prismaCandleStore } from "@/lib/db/candles";
import { manualPricesForLookup } from "@/lib/db/manual-prices";
import { ohlcvSourcesFromEnv } from "@/lib/pricing/ohlcv-source";
import { warmPrices } from "@/lib/pricing/warm";
import { neededPrices } from "@/lib/pricing/needs";
import { taxSettingsFor } from "@/lib/server/tax-context";
import { log } from "@/lib/log";

/**
 * Fetches the market prices a user's ledger needs into the shared candle cache, so pages that run
 * the engine later find them there. Runs in the worker after imports and syncs; re-running asks no
 * exchange for what is already cached.
 */
export async function warmPricesForUser(userId: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const [entries, settings, manual] = await Promise.all([loadLedgerEntries(userId), taxSettingsFor(userId), manualPricesForLookup(userId)]);
  if (entries.length === 0) return;
  const sources = ohlcvSourcesFromEnv(env);
  const warm = await warmPrices(neededPrices(entries, settings), { store: prismaCandleStore, sources, manual });
  log.info({ userId, requests: warm.report.requests, errors: warm.report.errors.length, unpriced: warm.report.unpriced.length }, "prices warmed");
}
