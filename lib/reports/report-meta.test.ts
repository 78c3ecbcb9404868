import { describe, expect, it } from "vitest";
import { computeTax } from "../tax/engine";
import { D } from "../tax/decimal";
import { entry, meta, usLedger } from "./__fixtures__/ledgers";
import { ledgerFingerprint, metaLine, reportFileName, reportMetaFor } from "./report-meta";

describe("ledgerFingerprint", () => {
  it("is sha256 hex and independent of entry order", () => {
    const l = usLedger();
    const fp = ledgerFingerprint(l);
    expect(fp).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(ledgerFingerprint([...l].reverse())).toBe(fp);
  });

  it("ignores decimal spelling and the source line, but not data", () => {
    const a = entry("x", "2025-01-01T00:00:00Z", "buy", ["100.50", "USD"], ["1.0", "BTC"], { sourceLine: 3 });
    const b = entry("x", "2025-01-01T00:00:00Z", "buy", ["100.5", "USD"], ["1", "BTC"], { sourceLine: 9 });
    expect(ledgerFingerprint([a])).toBe(ledgerFingerprint([b]));
    const c = { ...b, receivedAmount: new D("1.00000001") };
    expect(ledgerFingerprint([c])).not.toBe(ledgerFingerprint([b]));
    expect(ledgerFingerprint([b, b])).not.toBe(ledgerFingerprint([b]));
  });
});

describe("report meta", () => {
  it("is built from the result and the ledger", () => {
    const l = usLedger();
    const r = computeTax(l, { jurisdiction: "us", year: 2025 });
    const m = reportMetaFor(r, l, { generatedAt: new Date("2026-02-01T09:30:00Z"), taxpayerName: " Jo " });
    expect(m).toEqual({ jurisdiction: "us", method: "fifo", taxYear: 2025, generatedAt: new Date("2026-02-01T09:30:00Z"), ledgerFingerprint: ledgerFingerprint(l), currency: "USD", taxpayerName: "Jo" });
  });

  it("needs a year when the result covers all years", () => {
    const r = computeTax(usLedger(), { jurisdiction: "us" });
    expect(() => reportMetaFor(r, [])).toThrow(/taxYear/);
  });

  it("prints one line and a file name with the short fingerprint", () => {
    expect(metaLine(meta("uk", 2024))).toBe(
      "Lotwise | UK | tax year 2024/25 | method HMRC matching (same day, 30 days, s104 pool) | GBP | generated 2026-02-01 09:30 UTC | ledger sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    );
    expect(reportFileName("turbotax", meta("us", 2025), "csv")).toBe("lotwise-turbotax-us-2025-fifo-0123456789ab.csv");
  });
});
