import type { Exchange } from "ccxt";

/**
 * The verdict on one key's permission report. Parsing is strict (notes,
 * "Rule for the key wizard"): a missing field, a value of the wrong type or a
 * permission name Lotwise does not know means "not proven read-only".
 */
export type PermissionAssessment =
  | { readOnly: true; checkedBy: string }
  | { readOnly: false; reasons: string[]; fix: string; checkedBy: string };

export interface PermissionCheck {
  /** How the evidence is obtained, for the page. */
  checkedBy: string;
  /**
   * Fetches the exchange's own report (or, with no report, the probe results)
   * through ccxt. Errors other than the expected refusals propagate, so the
   * caller can tell "rate-limited" from "not read-only".
   */
  fetchReport(ex: Exchange): Promise<unknown>;
  /** Pure: judges a report. */
  assessPermissions(report: unknown): PermissionAssessment;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Builds the verdict from collected reasons. */
export function verdict(reasons: string[], fix: string, checkedBy: string): PermissionAssessment {
  return reasons.length === 0 ? { readOnly: true, checkedBy } : { readOnly: false, reasons, fix, checkedBy };
}

export function unreadable(what: string, checkedBy: string, fix: string): PermissionAssessment {
  return { readOnly: false, reasons: [`The ${what} could not be read, so the key could not be proven read-only.`], fix, checkedBy };
}
