import path from "node:path";
import type { LedgerEntry } from "../ledger/types";
import { parseLedgerFile, type ParseOutcome } from "./index";

/** Shared, read-only exchange exports (see /work/shared/fixtures/README.md). */
export const FIXTURES = path.resolve(__dirname, "../../../shared/fixtures");

export function fixture(rel: string): string {
  return path.join(FIXTURES, rel);
}

/** An entry as exact strings: amounts via toFixed, times ISO UTC. */
export function show(e: LedgerEntry) {
  const amt = (a: { toFixed(): string } | null, asset: string | null) => (a && asset ? `${a.toFixed()} ${asset}` : null);
  return {
    line: e.sourceLine,
    time: e.time.toISOString(),
    kind: e.kind,
    sent: amt(e.sentAmount, e.sentAsset),
    received: amt(e.receivedAmount, e.receivedAsset),
    fee: amt(e.feeAmount, e.feeAsset),
    fiat: amt(e.fiatValue, e.fiatCurrency),
    label: e.label,
    id: e.externalId,
  };
}

export function kinds(entries: readonly LedgerEntry[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of entries) out[e.kind] = (out[e.kind] ?? 0) + 1;
  return out;
}

/** Parses a fixture and fails the test with the errors when it is refused. */
export async function parseOk(rel: string, account?: string): Promise<Extract<ParseOutcome, { ok: true }>> {
  const r = await parseLedgerFile(fixture(rel), { account });
  if (!r.ok) throw new Error(`${rel} refused: ${JSON.stringify(r.errors)}`);
  return r;
}

export function at(entries: readonly LedgerEntry[], line: number) {
  return entries.filter((e) => e.sourceLine === line).map(show);
}
