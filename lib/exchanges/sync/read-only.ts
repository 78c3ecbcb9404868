import type { Exchange } from "ccxt";
import type { ExchangeId } from "../catalog";
import { PERMISSION_CHECKS } from "../permissions";
import { needsAttention } from "./faults";

/**
 * The sync's first step: the stored key must still be read-only. A key can
 * gain trade or withdraw permission after it was checked in the wizard (the
 * user edits it on the exchange); Lotwise then stops using it. Same report
 * or probes as the wizard (permissions/*), same strict reading.
 */
export async function assertStillReadOnly(client: Exchange, exchangeId: ExchangeId, call: <T>(fn: () => Promise<T>) => Promise<T>): Promise<void> {
  const check = PERMISSION_CHECKS[exchangeId];
  const report = await call(() => check.fetchReport(client));
  const assessment = check.assessPermissions(report);
  if (!assessment.readOnly) throw needsAttention(exchangeId, "not-read-only", undefined, assessment.reasons, assessment.fix);
}
