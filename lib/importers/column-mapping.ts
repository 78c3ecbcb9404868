import type { RowIssue } from "../ledger/types";
import { normalizeHeader, UNIVERSAL_COLUMNS, UNIVERSAL_REQUIRED_COLUMNS, type UniversalColumn } from "../ledger/universal";

/** For each universal field, the header of the user's file that feeds it (chosen in the UI). */
export type UniversalMapping = Partial<Record<UniversalColumn, string>>;

/**
 * Building block for guided column mapping: when a file matches no known export, the user maps
 * its columns onto the universal fields, and each record is rewritten into universal column
 * order, ready for lib/ledger/universal.ts (`createUniversalParser(UNIVERSAL_COLUMNS, …)`).
 * Errors name the universal field: an unmapped required field, or a mapped header the file lacks.
 */
export function mapColumnsToUniversal(
  headers: readonly string[],
  mapping: UniversalMapping,
): { ok: true; header: readonly string[]; toUniversal(cells: readonly string[]): string[] } | { ok: false; errors: RowIssue[] } {
  const keys = headers.map(normalizeHeader);
  const errors: RowIssue[] = [];
  const sources = UNIVERSAL_COLUMNS.map((field) => {
    const source = mapping[field];
    if (source === undefined || source.trim() === "") {
      if (UNIVERSAL_REQUIRED_COLUMNS.includes(field)) errors.push({ line: 1, column: field, reason: `required field "${field}" is not mapped to a column` });
      return -1;
    }
    const index = keys.indexOf(normalizeHeader(source));
    if (index < 0) errors.push({ line: 1, column: field, reason: `mapped column "${source}" is not in the file's header` });
    return index;
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, header: UNIVERSAL_COLUMNS, toUniversal: (cells) => sources.map((i) => (i < 0 ? "" : (cells[i] ?? ""))) };
}
