/**
 * Reports from the cached whole-history result (reportSource) against reports computed from the
 * ledger for the one tax year (what the download route did before): for the demo portfolio, every
 * year, every report format of US FIFO and HIFO, the UK and Germany, the same bytes. And the
 * fingerprint is the ledger's, taken again when a write lands in between.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { pgPool } from "@/lib/db/pg";
import { createUserWithPassword } from "@/lib/db/users";
import { loadDemoPortfolio } from "@/lib/db/demo";
import { loadLedgerEntries } from "@/lib/db/ledger";
import { currentLedgerVersion } from "@/lib/db/ledger-changes";
import { setTransactionIgnored } from "@/lib/db/transactions";
import { formatsFor, ledgerFingerprint, renderReport, reportMeta, type ReportMeta } from "@/lib/reports";
import { computeForUser, type TaxOverrides } from "./tax-context";
import { ledgerFingerprintAt } from "./ledger-fingerprint";
import { reportSource } from "./report-source";

let userId = "";
const generatedAt = new Date("2026-01-31T12:00:00Z");

beforeAll(async () => {
  const u = await createUserWithPassword({ email: `reports-${Date.now()}@example.test`, name: "Rita Report", passwordHash: "x" });
  if (u === "email-taken") throw new Error("unexpected");
  userId = u.id;
  await loadDemoPortfolio(userId, "USD", new Date("2026-01-15T00:00:00Z"));
});

afterAll(async () => {
  await pgPool().end();
  await prisma.$disconnect();
});

const text = (bytes: Uint8Array | string) => (typeof bytes === "string" ? bytes : Buffer.from(bytes).toString("latin1"));

describe("reportSource", () => {
  const cases: { name: string; overrides: Pick<TaxOverrides, "method" | "jurisdiction"> }[] = [
    { name: "US FIFO", overrides: { jurisdiction: "us", method: "fifo" } },
    { name: "US HIFO", overrides: { jurisdiction: "us", method: "hifo" } },
    { name: "UK", overrides: { jurisdiction: "uk" } },
    { name: "Germany", overrides: { jurisdiction: "de" } },
  ];

  it.each(cases)("$name: every report of every year is the one computed for that year alone", async ({ overrides }) => {
    const { result, ledgerFingerprint: fingerprint } = await reportSource(userId, overrides);
    expect(fingerprint).toBe(ledgerFingerprint(await loadLedgerEntries(userId)));
    const years = result.summary.map((s) => s.taxYear);
    expect(years.length).toBeGreaterThanOrEqual(2);
    let compared = 0;
    for (const year of years) {
      const alone = (await computeForUser(userId, { ...overrides, year })).result;
      const meta: ReportMeta = reportMeta(result, fingerprint, { taxYear: year, generatedAt, taxpayerName: "Rita Report" });
      expect(reportMeta(alone, fingerprint, { generatedAt, taxpayerName: "Rita Report" })).toEqual(meta);
      for (const format of formatsFor(result.settings.jurisdiction)) {
        const fromCache = await renderReport(format.id, result, meta);
        const fromYear = await renderReport(format.id, alone, meta);
        expect(fromCache.fileName).toBe(fromYear.fileName);
        expect(text(fromCache.bytes), `${format.id} ${year}`).toBe(text(fromYear.bytes));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(years.length);
  });

  it("takes the result and the fingerprint again after a write, and never pairs a fingerprint with another version", async () => {
    const before = await reportSource(userId, { jurisdiction: "us", method: "fifo" });
    const version = await currentLedgerVersion(userId);
    const row = await prisma.transaction.findFirstOrThrow({ where: { userId, kind: "sell" } });
    expect(await setTransactionIgnored(userId, row.id, true)).toBe(true);
    // A version the ledger has moved past, and that no fingerprint was made for: none is made (or kept) now.
    expect(await ledgerFingerprintAt(userId, version - 1)).toBeNull();
    const after = await reportSource(userId, { jurisdiction: "us", method: "fifo" });
    expect(after.ledgerFingerprint).not.toBe(before.ledgerFingerprint);
    expect(after.ledgerFingerprint).toBe(ledgerFingerprint(await loadLedgerEntries(userId)));
    expect(after.result.disposals.some((d) => d.entries.includes(row.externalId))).toBe(false);
    await setTransactionIgnored(userId, row.id, false);
  });
});
