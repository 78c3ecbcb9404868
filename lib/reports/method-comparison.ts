import type Decimal from "decimal.js";
import type { LedgerEntry } from "../ledger/types";
import { ZERO } from "../tax/decimal";
import { computeTax } from "../tax/engine";
import { jurisdictionById } from "../tax/jurisdictions";
import type { LotScope, MethodId, TaxSettings, YearSummary } from "../tax/types";

/**
 * The year's totals under each lot order the jurisdiction allows, side by side (pure: one
 * `computeTax` per variant).
 * - Methods: FIFO, HIFO, LIFO where allowed (US all three, DE FIFO and LIFO); specific
 *   identification needs the user's picks and is not a standing order, so it is left out. The UK
 *   has one answer (HMRC matching), so it gets a single row.
 * - US from 2025: each method per account (the rule, Treas. Reg. 1.1012-1(j)) and over all
 *   accounts as one pool ("universal", the pre-2025 practice), so the user sees what the new rule
 *   costs or saves; the universal rows are marked `allowed: false`.
 * HIFO/LIFO are "specific identification by a standing rule" in the US and are only valid if the
 * identification was recorded by the time of each sale (tax-rules notes 1.3): `note` says so.
 */

export interface MethodComparisonRow {
  method: MethodId | "uk-matching";
  lotScope: LotScope;
  label: string;
  /** False for a variant the rules do not allow for this year (shown for comparison only). */
  allowed: boolean;
  /** The variant the settings use. */
  current: boolean;
  note: string | null;
  disposals: number;
  proceeds: Decimal;
  costBasis: Decimal;
  shortTermGain: Decimal;
  longTermGain: Decimal;
  gain: Decimal;
  /** DE: gain taxable after the Freigrenze; UK: after the annual exempt amount; US: null. */
  taxableGain: Decimal | null;
  income: Decimal;
  warnings: number;
}

const ORDER: readonly MethodId[] = ["fifo", "hifo", "lifo"];
const LABEL: Readonly<Record<MethodId, string>> = { fifo: "FIFO", hifo: "HIFO", lifo: "LIFO", specific: "Specific identification" };

function figures(s: YearSummary | undefined): Pick<MethodComparisonRow, "disposals" | "proceeds" | "costBasis" | "shortTermGain" | "longTermGain" | "gain" | "taxableGain" | "income"> {
  if (!s) return { disposals: 0, proceeds: ZERO, costBasis: ZERO, shortTermGain: ZERO, longTermGain: ZERO, gain: ZERO, taxableGain: null, income: ZERO };
  if (s.jurisdiction === "uk") return { disposals: s.disposals, proceeds: s.proceeds, costBasis: s.allowableCosts, shortTermGain: ZERO, longTermGain: ZERO, gain: s.net, taxableGain: s.taxableAfterExemption, income: s.income };
  const long = s.jurisdiction === "us" ? s.longTerm : s.longTermTaxFree;
  return {
    disposals: s.shortTerm.disposals + long.disposals,
    proceeds: s.shortTerm.proceeds.plus(long.proceeds),
    costBasis: s.shortTerm.costBasis.plus(long.costBasis),
    shortTermGain: s.shortTerm.gain,
    longTermGain: long.gain,
    gain: s.shortTerm.gain.plus(long.gain),
    taxableGain: s.jurisdiction === "de" ? s.taxableGain : null,
    income: s.income,
  };
}

export function compareMethods(entries: readonly LedgerEntry[], settings: TaxSettings, year: number): MethodComparisonRow[] {
  const j = jurisdictionById(settings.jurisdiction);
  const base: TaxSettings = { ...settings, year };
  const run = (method: MethodId | undefined, lotScope: LotScope) => {
    const r = computeTax(entries, { ...base, method, lotScope });
    return { summary: r.summary.find((s) => s.taxYear === year), warnings: r.warnings.length };
  };
  if (j.id === "uk") {
    const r = run(undefined, "auto");
    return [{ method: "uk-matching", lotScope: "universal", label: "HMRC matching (same day, 30 days, s104)", allowed: true, current: true, note: null, ...figures(r.summary), warnings: r.warnings }];
  }
  const currentMethod = settings.method ?? (j.defaultMethod as MethodId);
  const currentScope = settings.lotScope ?? "auto";
  const perAccountRule = j.id === "us" && j.perAccountFromDay !== null && year >= 2025;
  const scopes: LotScope[] = perAccountRule ? ["per-account", "universal"] : ["auto"];
  const rows: MethodComparisonRow[] = [];
  for (const method of ORDER) {
    if (!j.allowedMethods.includes(method)) continue;
    for (const lotScope of scopes) {
      const r = run(method, lotScope);
      const scopeLabel = lotScope === "per-account" ? " per account" : lotScope === "universal" ? " universal" : "";
      const isCurrent = method === currentMethod && (lotScope === currentScope || (currentScope === "auto" && lotScope !== "universal"));
      const notes: string[] = [];
      if (lotScope === "universal" && perAccountRule) notes.push("not allowed from 2025: lots are identified per wallet/account (Treas. Reg. 1.1012-1(j))");
      if (j.id === "us" && method !== "fifo") notes.push("a standing specific-identification rule: valid only if recorded by the time of each sale");
      rows.push({ method, lotScope, label: `${LABEL[method]}${scopeLabel}`, allowed: !(lotScope === "universal" && perAccountRule), current: isCurrent, note: notes.length > 0 ? notes.join("; ") : null, ...figures(r.summary), warnings: r.warnings });
    }
  }
  return rows;
}
