/**
 * `npm start`: database (embedded by default), migrations, a production build when the sources
 * changed, then the web server. `--dev` runs `next dev` instead.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { prepareRuntime } from "./runtime-env";
import { ensureBuild, nextBin } from "./build";

/**
 * A page render allocates megabytes of short-lived objects; with V8's default young generation
 * (16 MB semi-spaces) they outgrow it mid-render and a fifth of the CPU under load went to garbage
 * collection. 64 MB semi-spaces took ~15% off the CPU per page in the load bench, for up to
 * ~100 MB more memory per web process.
 */
const WEB_NODE_FLAGS = ["--max-semi-space-size=64"];

/**
 * The command that runs the production web server: `npm start` uses it, and so does the load
 * bench (bench/app-server.ts), so what is measured is what runs. `nodeOptions` are extra Node
 * flags for the server (e.g. --cpu-prof).
 */
export function webServerCommand(opts: { port: string; host: string; nodeOptions?: string[]; dev?: boolean }): [string, string[]] {
  const nodeOptions = [...(opts.dev ? [] : WEB_NODE_FLAGS), ...(opts.nodeOptions ?? [])];
  return [process.execPath, [...nodeOptions, nextBin, opts.dev ? "dev" : "start", "-p", opts.port, "-H", opts.host]];
}

const log = (line: string) => console.log(`[lotwise] ${line}`);
async function main() {
  const dev = process.argv.includes("--dev");
  process.env.NEXT_TELEMETRY_DISABLED ??= "1";
  const runtime = await prepareRuntime(log);
  const children: ChildProcess[] = [];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const c of children) c.kill("SIGTERM");
    await runtime.embedded?.stop().catch(() => {});
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  if (!dev) await ensureBuild(runtime.env, log);

  const port = process.env.PORT ?? "3000";
  const host = process.env.HOST ?? "127.0.0.1";
  const [cmd, args] = webServerCommand({ port, host, dev });
  const web = spawn(cmd, args, { stdio: "inherit", env: runtime.env });
  children.push(web);
  web.on("exit", (code) => void stop(code ?? 1));

  // The sync worker beside the web server; more can run elsewhere with `npm run worker`.
  // react-server resolves `server-only` to its empty build outside Next.
  const worker = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], { stdio: "inherit", env: runtime.env });
  children.push(worker);
  worker.on("exit", (code) => {
    if (!stopping) log(`the worker exited (${code}); syncs wait until it runs again`);
  });
  log(`Lotwise is starting at http://${host === "0.0.0.0" ? "localhost" : host}:${port}`);
}

// Run only as `npm start` (tsx scripts/start.ts), not when a bench imports webServerCommand.
if (require.main === module) {
  main().catch((e) => {
    console.error(`[lotwise] could not start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
