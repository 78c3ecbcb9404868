/**
 * `npm start`: database (embedded by default), migrations, a production build when the sources
 * changed, then the web server. `--dev` runs `next dev` instead.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { prepareRuntime } from "./runtime-env";
import { ensureBuild, nextBin } from "./build";

const log = (line: string) => console.log(`[lotwise] ${line}`);
const dev = process.argv.includes("--dev");
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
async function main() {
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
  const web = spawn(process.execPath, [nextBin, dev ? "dev" : "start", "-p", port, "-H", host], { stdio: "inherit", env: runtime.env });
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

main().catch((e) => {
  console.error(`[lotwise] could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
