import "server-only";
import { loadLedgerEntries } from "@/lib/db/ledger";
import { ledgerFingerprint } from "@/lib/reports/report-meta";

/**
 * The fingerprint of a user's ledger (lib/reports/report-meta.ts) as it is at `ledgerVersion`,
 * kept per process: hashing a 100,000-row ledger takes about half a second, and the reports page
 * shows it on every view. A version bump (any ledger write) makes it be computed again.
 */
const MAX_USERS = 1000;
const memo = new Map<string, { version: number; fingerprint: string }>();

export async function ledgerFingerprintAt(userId: string, ledgerVersion: number): Promise<string> {
  const held = memo.get(userId);
  if (held && held.version === ledgerVersion) return held.fingerprint;
  const fingerprint = ledgerFingerprint(await loadLedgerEntries(userId));
  memo.delete(userId);
  memo.set(userId, { version: ledgerVersion, fingerprint });
  if (memo.size > MAX_USERS) memo.delete(memo.keys().next().value as string);
  return fingerprint;
}
