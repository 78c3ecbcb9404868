/**
 * Runs the mock exchange server standalone:
 *   tsx e2e/mock-exchange/main.ts --port 4010 [--slow-ms 15000]
 * Prints the base URL on stdout (set LOTWISE_EXCHANGE_MOCK_URL to it) and exits
 * cleanly on SIGTERM/SIGINT. Key conventions: see server.ts.
 */
import { startMockExchange } from "./server";

function intFlag(argv: readonly string[], name: string, max: number): number | undefined {
  const i = argv.indexOf(name);
  const raw = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  if (raw === undefined) return undefined;
  const n = Number.parseInt(raw, 10);
  if (!/^\d+$/.test(raw) || n > max) throw new Error(`Invalid ${name}: ${raw}`);
  return n;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const mock = await startMockExchange({ port: intFlag(argv, "--port", 65535) ?? 4010, slowMs: intFlag(argv, "--slow-ms", 600_000) });
  process.stdout.write(`${mock.url}\n`);
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    void mock.close().then(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`mock exchange failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
