import { cachedSettingsKeys, dropTaxCache, pruneResultParts } from "@/lib/db/tax-cache";
import { currentLedgerVersion, pruneLedgerChanges } from "@/lib/db/ledger-changes";
import { computeSnapshot, settingsFromKey } from "@/lib/server/tax-snapshot";
import { log } from "@/lib/log";

/** Results kept up to date per user: the settings the pages asked for most recently (dashboard, a report's method…). */
const KEEP_KEYS = 6;

/**
 * Brings every cached result of a user up to date with their ledger. Runs in the worker, off the
 * request path; pages meanwhile show the previous result with "recalculating…".
 */
export async function recomputeForUser(userId: string): Promise<{ recomputed: number }> {
  const keys = await cachedSettingsKeys(userId);
  const keep = keys.slice(0, KEEP_KEYS);
  await dropTaxCache(userId, keys.slice(KEEP_KEYS).map((k) => k.settingsKey));
  const current = await currentLedgerVersion(userId);
  let recomputed = 0;
  for (const { settingsKey, ledgerVersion } of keep) {
    // Up to date already (a page computed it inline, or another job got there first).
    if (ledgerVersion >= current) continue;
    const started = Date.now();
    const snap = await computeSnapshot(userId, settingsFromKey(settingsKey));
    recomputed++;
    log.info({ userId, settingsKey, entries: snap.entryCount, ms: Date.now() - started }, "tax result recomputed");
  }
  await pruneLedgerChanges(userId);
  await pruneResultParts(userId);
  return { recomputed };
}
