import { describe, expect, it } from "vitest";
import { parseUniversalCsv, UNIVERSAL_COLUMNS } from "../ledger/universal";
import { type GainsIo, parseGainsArgs, runGainsCommand } from "./gains";

const HEADER = UNIVERSAL_COLUMNS.join(",");
const LEDGER = [
  HEADER,
  "2023-01-10 10:00:00,20000,USD,1,BTC,10,USD,20000,USD,,buy,,Coinbase",
  "2023-05-01 00:00:00,,,2,ETH,,,3000,USD,staking,,,Coinbase",
  "2024-03-01 10:00:00,0.5,BTC,,,0.0005,BTC,,,,to ledger,0xfeed,Coinbase",
  "2024-03-01 10:20:00,,,0.5,BTC,,,,,,from coinbase,0xfeed,Ledger",
  "2024-06-01 10:00:00,0.5,BTC,35000,USD,,,35000,USD,,sell,,Ledger",
].join("\n");

function fakeIo(files: Record<string, string>) {
  const out = { stdout: "", stderr: "", written: {} as Record<string, string> };
  const io: GainsIo = {
    readLedger: async (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
      const parsed = parseUniversalCsv(text);
      return parsed.ok ? { ok: true, format: { id: "universal", name: "Universal" }, entries: parsed.entries } : { ok: false, format: { id: "universal", name: "Universal" }, errors: parsed.issues };
    },
    readText: async (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
      return text;
    },
    writeText: async (path, text) => {
      out.written[path] = text;
    },
    stdout: (t) => void (out.stdout += t),
    stderr: (t) => void (out.stderr += t),
  };
  return { io, out };
}

async function run(argv: string[], files: Record<string, string> = { "ledger.csv": LEDGER }) {
  const { io, out } = fakeIo(files);
  const code = await runGainsCommand(argv, io);
  return { code, ...out };
}

describe("lotwise gains: arguments", () => {
  it.each([
    { argv: [], error: "--input FILE is required" },
    { argv: ["--input", "a.csv"], error: "--jurisdiction us|uk|de is required" },
    { argv: ["--input", "a.csv", "--jurisdiction", "fr"], error: '--jurisdiction must be us, uk or de, got "fr"' },
    { argv: ["--input", "a.csv", "--jurisdiction", "us", "--method", "avg"], error: '--method must be fifo, lifo or hifo, got "avg"' },
    { argv: ["--input", "a.csv", "--jurisdiction", "de", "--method", "hifo"], error: "method hifo is not allowed for de (allowed: fifo, lifo)" },
    { argv: ["--input", "a.csv", "--jurisdiction", "us", "--year", "24"], error: '--year must be a 4-digit year, got "24"' },
    { argv: ["--input", "a.csv", "--jurisdiction", "us", "--format", "xml"], error: '--format must be json, csv or one of' },
    { argv: ["--input", "a.csv", "--jurisdiction", "us", "--timezone", "Mars/Base"], error: 'unknown time zone "Mars/Base"' },
    { argv: ["--input", "a.csv", "--jurisdiction", "us", "--bogus"], error: "Unknown option '--bogus'" },
  ])("rejects $argv with exit code 2", async ({ argv, error }) => {
    expect(parseGainsArgs(argv)).toMatchObject({ ok: false });
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(error);
    expect(r.stderr).toContain("Usage: lotwise gains");
  });

  it("accepts repeated inputs and defaults the method and currency per jurisdiction", () => {
    const a = parseGainsArgs(["--input", "a.csv", "--input", "b.csv", "--jurisdiction", "UK", "--year", "2024"]);
    expect(a).toMatchObject({ ok: true, options: { inputs: ["a.csv", "b.csv"], settings: { jurisdiction: "uk", year: 2024 }, format: "json", out: null, pricesFile: null } });
  });

  it("ignores --method for the UK with a note (matching rules always apply)", async () => {
    const r = await run(["--input", "ledger.csv", "--jurisdiction", "uk", "--method", "fifo", "--currency", "USD"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("--method fifo ignored");
  });

  it("prints help with exit code 0", async () => {
    const r = await run(["--help"]);
    expect([r.code, r.stdout.startsWith("Usage: lotwise gains")]).toEqual([0, true]);
  });
});

describe("lotwise gains: input errors name file, line and column (exit code 1)", () => {
  it("a bad row", async () => {
    const r = await run(["--input", "bad.csv", "--jurisdiction", "us"], { "bad.csv": `${HEADER}\n2024-13-45 25:61:00,1,BTC,,,,,,,,,,\n` });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('bad.csv:2:Date: invalid date "2024-13-45 25:61:00" (expected ISO 8601 or YYYY-MM-DD HH:mm:ss, UTC)\n');
    expect(r.stdout).toBe("");
  });

  it("a missing file, and a bad price file", async () => {
    const r = await run(["--input", "nope.csv", "--input", "ledger.csv", "--jurisdiction", "us", "--prices", "p.csv"], { "ledger.csv": LEDGER, "p.csv": "Date,Asset,Currency,Price\n2024-03-01,BTC,USD,abc\n" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("p.csv:2:Price: not a positive plain decimal");
    expect(r.stderr).toContain("nope.csv: cannot read: no such file");
  });
});

describe("lotwise gains: output", () => {
  it("prints one JSON object with decimal strings; the transfer fee without a price is a warning", async () => {
    const r = await run(["--input", "ledger.csv", "--jurisdiction", "us"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.disposals.map((d: Record<string, string>) => [d.kind, d.asset, d.amount, d.proceeds, d.costBasis, d.gain, d.term, d.account])).toEqual([
      ["transfer-fee", "BTC", "0.0005", "0", "10.005", "-10.005", "long", "Coinbase"],
      ["sale", "BTC", "0.5", "35000", "10005", "24995", "long", "Ledger"],
    ]);
    expect(json.income).toEqual([expect.objectContaining({ asset: "ETH", amount: "2", value: "3000", type: "staking" })]);
    expect(json.warnings.map((w: { code: string }) => w.code)).toEqual(["missing-price"]);
    expect(json.totals).toEqual({ proceeds: "35000", costBasis: "10015.005", gain: "24984.995", shortTermGain: "0", longTermGain: "24984.995", income: "3000" });
  });

  it("values the fee from --prices and filters by --year", async () => {
    const files = { "ledger.csv": LEDGER, "p.csv": "Date,Asset,Currency,Price\n2024-03-01,BTC,USD,60000\n" };
    const r = await run(["--input", "ledger.csv", "--jurisdiction", "us", "--prices", "p.csv", "--year", "2024"], files);
    const json = JSON.parse(r.stdout);
    expect(json.disposals[0]).toMatchObject({ kind: "transfer-fee", proceeds: "30", prices: [expect.objectContaining({ source: "manual price file (2024-03-01)" })] });
    expect(json.income).toEqual([]);
    expect(json.warnings).toEqual([]);
  });

  it("writes CSV to --out", async () => {
    const r = await run(["--input", "ledger.csv", "--jurisdiction", "de", "--format", "csv", "--out", "gains.csv"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.written["gains.csv"]?.split("\n")[0]).toMatch(/^asset,amount,acquiredAt,disposedAt,proceeds,costBasis,gain,term,rule,account,lots/);
    expect(r.stderr).toContain("warning: missing-price");
  });

  it("is byte-identical run to run", async () => {
    const a = await run(["--input", "ledger.csv", "--jurisdiction", "uk"]);
    const b = await run(["--input", "ledger.csv", "--jurisdiction", "uk"]);
    expect(a.stdout).toBe(b.stdout);
  });
});
