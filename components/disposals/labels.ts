import type { DisposalLine } from "@/lib/tax/types";

const RULES: Record<string, string> = {
  fifo: "FIFO",
  lifo: "LIFO",
  hifo: "HIFO",
  specific: "Specific identification",
  "same-day": "UK same-day rule",
  "30-day": "UK 30-day (bed and breakfast) rule",
  s104: "UK Section 104 pool",
};

const TERMS: Record<string, string> = { short: "short-term", long: "long-term" };

/** "FIFO · long-term", "UK Section 104 pool", "FIFO · held over a year (tax-free)" for Germany. */
export function ruleLabel(d: Pick<DisposalLine, "rule" | "term">, jurisdiction?: string): string {
  const rule = RULES[d.rule] ?? d.rule;
  if (!d.term) return rule;
  const term = jurisdiction === "de" ? (d.term === "long" ? "held over a year (tax-free)" : "held a year or less") : TERMS[d.term];
  return `${rule} · ${term}`;
}
