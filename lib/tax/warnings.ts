import type { TaxWarning, WarningCode } from "./types";

/**
 * Warnings instead of silent guesses (style guide; rotki's `missing_acquisitions`): the engine
 * always finishes, and every place it had to assume something is listed with the entries involved.
 */
export class Warnings {
  readonly list: TaxWarning[] = [];
  /** Incremental recompute: only warnings about these assets are kept (null: all). */
  only: { has(asset: string): boolean } | null = null;

  constructor(private readonly taxYearOfMs: (ms: number) => number) {}

  add(code: WarningCode, message: string, entries: string[], asset: string | null = null, account: string | null = null, at: Date | null = null): void {
    if (this.only !== null && (asset === null || !this.only.has(asset))) return;
    this.list.push({ code, message, entries, asset, account, at, taxYear: at ? this.taxYearOfMs(at.getTime()) : null });
  }
}

function cmpStr(a: string | null, b: string | null): number {
  const x = a ?? "";
  const y = b ?? "";
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Deterministic order: time, code, asset, account, entries, message. */
export function compareWarnings(a: TaxWarning, b: TaxWarning): number {
  const ta = a.at ? a.at.getTime() : -Infinity;
  const tb = b.at ? b.at.getTime() : -Infinity;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return cmpStr(a.code, b.code) || cmpStr(a.asset, b.asset) || cmpStr(a.account, b.account) || cmpStr(a.entries.join(","), b.entries.join(",")) || cmpStr(a.message, b.message);
}
