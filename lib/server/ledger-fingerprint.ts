import "server-only";
import { loadLedgerEntries } from "@/lib/db/ledger";
import { currentLedgerVersion } from "@/lib/db/ledger-changes";
import { ledgerFingerprint } from "@/lib/reports/report-meta";

/**
 * The fingerprint of a user's ledger (lib/reports/report-meta.ts) as it is at `ledgerVersion`,
 * kept per process: hashing a 100,000-row ledger takes about half a second, and the reports page
 * shows it on every view. A version bump (any ledger write) makes it be computed again.
 *
 * Returns null when the ledger is no longer at `ledgerVersion` once its rows are read (a write
 * landed in between): every write bumps the version in its own transaction, so an unchanged
 * version after the read means the rows read are the ones at that version.
 */
const MAX_USERS = 1000;
const memo = new Map<string, { version: number; fingerprint: string }>();

export async function ledgerFingerprintAt(userId: string, ledgerVersion: number): Promise<string | null> {
  const held = memo.get(userId);
  if (held && held.version === ledgerVersion) return held.fingerprint;
  const entries = await loadLedgerEntries(userId);
  if ((await currentLedgerVersion(userId)) !== ledgerVersion) return null;
  const fingerprint = ledgerFingerprint(entries);
  memo.delete(userId);
  memo.set(userId, { version: ledgerVersion, fingerprint });
  if (memo.size > MAX_USERS) memo.delete(memo.keys().next().value as string);
  return fingerprint;
}

/** The fingerprint of the ledger as it is now; null while writes keep landing (a sync storing page after page). */
export async function currentLedgerFingerprint(userId: string): Promise<string | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const fingerprint = await ledgerFingerprintAt(userId, await currentLedgerVersion(userId));
    if (fingerprint !== null) return fingerprint;
  }
  return null;
}
