import { parseLedgerFile } from "../importers";
import type { LedgerEntry } from "../ledger/types";
import { EXIT_DATA_ERROR, EXIT_OK, EXIT_USAGE, parseOptions, stringOption } from "./args";

export const LEDGER_USAGE = `Usage: lotwise ledger --input FILE [--format json|csv] [--account NAME] [--verbose]

  --input FILE     an exchange export or universal-template CSV (format detected from its header)
  --format         json (default): {"format": …, "transactions": […]}; csv: one row per transaction
  --account NAME   account label for the rows (default: the exchange's name)
  --verbose        also list skipped rows (pending, internal transfers, …) on stderr

Bad input prints every bad row as FILE:LINE:COLUMN: reason on stderr and exits with 1.
`;

export interface LedgerCommandIo {
  out: { write(text: string): unknown };
  err: { write(text: string): unknown };
}

const SPEC = {
  input: { type: "string", short: "i" },
  format: { type: "string", short: "f" },
  account: { type: "string" },
  verbose: { type: "boolean", short: "v" },
  help: { type: "boolean", short: "h" },
} as const;

export const LEDGER_COLUMNS = ["time", "kind", "account", "sentAsset", "sentAmount", "receivedAsset", "receivedAmount", "feeAsset", "feeAmount", "fiatValue", "externalId", "fiatCurrency", "label"] as const;
type LedgerRow = Record<(typeof LEDGER_COLUMNS)[number], string | null>;

/** Amounts as plain decimal strings (never exponent notation, never floats), times ISO UTC. */
function toRow(e: LedgerEntry): LedgerRow {
  return {
    time: e.time.toISOString(),
    kind: e.kind,
    account: e.account,
    sentAsset: e.sentAsset,
    sentAmount: e.sentAmount?.toFixed() ?? null,
    receivedAsset: e.receivedAsset,
    receivedAmount: e.receivedAmount?.toFixed() ?? null,
    feeAsset: e.feeAsset,
    feeAmount: e.feeAmount?.toFixed() ?? null,
    fiatValue: e.fiatValue?.toFixed() ?? null,
    externalId: e.externalId,
    fiatCurrency: e.fiatCurrency,
    label: e.label,
  };
}

function csvCell(value: string | null): string {
  const v = value ?? "";
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * `lotwise ledger`: parse one export with the same importers as the app and print the
 * normalized transactions. Exit 0 on success, 1 on bad data, 2 on bad usage.
 */
export async function runLedgerCommand(argv: string[], io: LedgerCommandIo = { out: process.stdout, err: process.stderr }): Promise<number> {
  const parsed = parseOptions(argv[0] === "ledger" ? argv.slice(1) : argv, SPEC);
  if (!parsed.ok) {
    io.err.write(`lotwise ledger: ${parsed.error}\n\n${LEDGER_USAGE}`);
    return EXIT_USAGE;
  }
  if (parsed.values.help === true) {
    io.out.write(LEDGER_USAGE);
    return EXIT_OK;
  }
  const input = stringOption(parsed.values, "input");
  const format = stringOption(parsed.values, "format") ?? "json";
  if (!input) {
    io.err.write(`lotwise ledger: --input FILE is required\n\n${LEDGER_USAGE}`);
    return EXIT_USAGE;
  }
  if (format !== "json" && format !== "csv") {
    io.err.write(`lotwise ledger: --format must be json or csv, got "${format}"\n`);
    return EXIT_USAGE;
  }

  let outcome;
  try {
    outcome = await parseLedgerFile(input, { account: stringOption(parsed.values, "account") });
  } catch (e) {
    io.err.write(`${input}: cannot read: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_DATA_ERROR;
  }
  if (!outcome.ok) {
    for (const issue of outcome.errors) io.err.write(`${input}:${issue.line}:${issue.column ? `${issue.column}:` : ""} ${issue.reason}\n`);
    return EXIT_DATA_ERROR;
  }

  const rows = outcome.entries.map(toRow);
  if (format === "json") {
    io.out.write(`${JSON.stringify({ format: outcome.format, transactions: rows }, null, 2)}\n`);
  } else {
    io.out.write(`${LEDGER_COLUMNS.join(",")}\n`);
    for (const row of rows) io.out.write(`${LEDGER_COLUMNS.map((c) => csvCell(row[c])).join(",")}\n`);
  }
  io.err.write(`${input}: ${outcome.format.name}, ${outcome.rowsRead} rows, ${rows.length} transactions, ${outcome.skipped.length} rows skipped\n`);
  if (parsed.values.verbose === true) for (const s of outcome.skipped) io.err.write(`${input}:${s.line}: skipped: ${s.reason}\n`);
  return EXIT_OK;
}
