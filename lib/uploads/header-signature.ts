import { createHash } from "node:crypto";

/** Identifies an export layout by its header row, ignoring case, spacing and a BOM. */
export function headerSignature(headers: readonly string[]): string {
  const normalized = headers.map((h) => h.replace(/^\uFEFF/, "").trim().replace(/\s+/g, " ").toLowerCase());
  return createHash("sha256").update(JSON.stringify(normalized)).digest("hex");
}
