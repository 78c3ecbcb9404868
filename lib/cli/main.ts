import { readFile, writeFile } from "node:fs/promises";
import { parseLedgerFile } from "../importers";
import { EXIT_USAGE } from "./args";
import { GAINS_USAGE, runGainsCommand, type GainsIo } from "./gains";
import { runLedgerCommand } from "./ledger";

/**
 * `npm run lotwise -- <command> ...`: the same engine as the app, no database. Dispatches to the
 * command modules; each returns its exit code.
 */

const USAGE = `Usage: lotwise <command> [options]

Commands:
  gains    capital gains and income from ledger CSV files (lotwise gains --help)
  ledger   inspect and normalise ledger CSV files (lotwise ledger --help)
`;

const nodeIo: GainsIo = {
  readLedger: (path) => parseLedgerFile(path),
  readText: (path) => readFile(path, "utf8"),
  writeText: (path, text) => writeFile(path, text, "utf8"),
  writeBytes: (path, bytes) => writeFile(path, bytes),
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "gains":
      return runGainsCommand(rest, nodeIo);
    case "ledger":
      return runLedgerCommand(rest);
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(`${USAGE}\n${GAINS_USAGE}`);
      return 0;
    default:
      process.stderr.write(command === undefined ? USAGE : `lotwise: unknown command "${command}"\n\n${USAGE}`);
      return EXIT_USAGE;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`lotwise: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  },
);
