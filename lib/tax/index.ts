/**
 * The tax engine's public surface. Everything here is pure: ledger entries and settings in,
 * results out; no I/O, no clock, no framework.
 *
 *   computeTax(entries, { jurisdiction: "us", method: "fifo", prices }) -> TaxResult
 *   resultJsonText(result)  -> the `lotwise gains --format json` document
 *   disposalsCsv(result)    -> disposals as CSV
 *
 * Result cache (incremental recompute, lib/tax/incremental.ts):
 *   computeTaxWithCheckpoints(entries, settings)              -> { result, checkpoints }
 *   recomputeTax(entries', settings, previous, changed)       -> { result, checkpoints, stats }
 *   entryAssets(entry)                                        -> assets to record as changed
 *   serializeCheckpoints / deserializeCheckpoints, serializeTaxResult / deserializeTaxResult
 */
export { computeTax, resolveSettings, validateSettings } from "./engine";
export { computeTaxWithCheckpoints, deserializeCheckpoints, entryAssets, recomputeTax, serializeCheckpoints, type CheckpointOptions, type EngineCheckpoints, type RecomputeStats, type TaxRun } from "./incremental";
export { deserializeTaxResult, serializeTaxResult } from "./result-codec";
export { disposalsCsv, resultJsonText, toResultJson } from "./result-json";
export { JURISDICTIONS, jurisdictionById, type Jurisdiction } from "./jurisdictions";
export { annualExemptAmount, UK_RATE_CHANGE_MS } from "./jurisdictions/uk";
export { freigrenzeFor, INCOME_FREIGRENZE } from "./jurisdictions/de";
export { METHODS, methodById, type LotMethod, type LotPool } from "./methods";
export type * from "./types";
