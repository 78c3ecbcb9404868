import { describe, expect, it } from "vitest";
import { PDFDocument } from "pdf-lib";
import { parseUniversalCsv } from "../ledger/universal";
import { runGainsCommand, type GainsIo } from "./gains";

const LEDGER = "Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Label,Description,TxHash\n2024-01-10 10:00:00,10000,USD,0.5,BTC,,,,,,,\n2024-03-15 10:00:00,0.2,BTC,14000,USD,,,,,,,\n";

function memoryIo() {
  const files = new Map<string, string | Uint8Array>();
  let out = "";
  let err = "";
  const io: GainsIo = {
    readLedger: async () => {
      const r = parseUniversalCsv(LEDGER);
      return r.ok ? { ok: true, format: { id: "universal", name: "universal" }, entries: r.entries } : { ok: false, errors: r.issues };
    },
    readText: async () => "",
    writeText: async (p, t) => void files.set(p, t),
    writeBytes: async (p, b) => void files.set(p, b),
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
  };
  return { io, files, out: () => out, err: () => err };
}

describe("lotwise gains --format <report>", () => {
  it("writes the 8949 PDF for the year", async () => {
    const m = memoryIo();
    expect(await runGainsCommand(["--input", "a.csv", "--jurisdiction", "us", "--year", "2024", "--format", "8949-pdf", "--out", "f.pdf"], m.io)).toBe(0);
    const pdf = await PDFDocument.load(m.files.get("f.pdf") as Uint8Array);
    const text = pdf.getForm().getFields().map((f) => ("getText" in f ? ((f as { getText(): string | undefined }).getText() ?? "") : "")).join("|");
    expect(text).toContain("0.2 BTC");
  });

  it("prints the TurboTax CSV with its documented header", async () => {
    const m = memoryIo();
    expect(await runGainsCommand(["--input", "a.csv", "--jurisdiction", "us", "--year", "2024", "--format", "turbotax-csv"], m.io)).toBe(0);
    expect(m.out().split(/\r?\n/)[0]).toBe("Currency Name,Purchase Date,Cost Basis,Date Sold,Proceeds");
  });

  it("refuses a report without a year, and a UK report for a US return", async () => {
    const m = memoryIo();
    expect(await runGainsCommand(["--input", "a.csv", "--jurisdiction", "us", "--format", "8949-csv"], m.io)).toBe(2);
    expect(m.err()).toContain("add --year");
    expect(await runGainsCommand(["--input", "a.csv", "--jurisdiction", "us", "--year", "2024", "--format", "uk-summary-csv"], m.io)).toBe(2);
  });
});
