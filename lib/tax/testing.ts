import { parseUniversalCsv, UNIVERSAL_COLUMNS } from "../ledger/universal";
import type { LedgerEntry } from "../ledger/types";

/**
 * Test helpers: ledgers written as universal-CSV rows, so a test reads like the ledger a user
 * would import. `row({ date, sent: "1 BTC", received: "100 USD", fee: "1 USD", worth: "100 USD",
 * label, hash, account })`.
 */
export interface RowSpec {
  date: string;
  sent?: string;
  received?: string;
  fee?: string;
  worth?: string;
  label?: string;
  description?: string;
  hash?: string;
  account?: string;
}

function split(amount: string | undefined): [string, string] {
  if (!amount) return ["", ""];
  const [value, currency] = amount.trim().split(/\s+/);
  return [value ?? "", currency ?? ""];
}

export function row(r: RowSpec): string {
  const [sa, sc] = split(r.sent);
  const [ra, rc] = split(r.received);
  const [fa, fc] = split(r.fee);
  const [wa, wc] = split(r.worth);
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [r.date, sa, sc, ra, rc, fa, fc, wa, wc, r.label ?? "", r.description ?? "", r.hash ?? "", r.account ?? ""].map(cell).join(",");
}

export function csv(rows: readonly (RowSpec | string)[]): string {
  return [UNIVERSAL_COLUMNS.join(","), ...rows.map((r) => (typeof r === "string" ? r : row(r)))].join("\n") + "\n";
}

/** Parses rows into ledger entries; throws on any issue (tests build valid ledgers). */
export function ledger(rows: readonly (RowSpec | string)[], account = "Main"): LedgerEntry[] {
  const out = parseUniversalCsv(csv(rows), { account });
  if (!out.ok) throw new Error(`test ledger does not parse: ${JSON.stringify(out.issues)}`);
  return out.entries;
}
