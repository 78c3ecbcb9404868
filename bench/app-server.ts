/**
 * The production app as a browser meets it, for benches that time HTTP responses:
 *
 *   await buildApp({ distDir: ".next-bench" });              // reused while the sources are unchanged
 *   const app = await startAppServer({ databaseUrl, dataDir });
 *   const cookie = await signIn(app.url, "a@example.test", "password");
 *   await fetch(`${app.url}/dashboard`, { headers: { cookie } });
 *   await app.stop();
 *
 * The server is started the way `npm start` starts it (scripts/start.ts `webServerCommand`), with
 * NODE_ENV=production, on a free loopback port. `stopAllAppServers()` stops whatever is still
 * running (for a bench's abandon path). Sign-in is the browser's: GET /api/auth/csrf, then POST the
 * credentials form to /api/auth/callback/credentials, keeping the cookies both set.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ensureBuild } from "../scripts/build";
import { freePort } from "../scripts/db";
import { webServerCommand } from "../scripts/start";
import { stopChild, waitForHttp } from "../scripts/child-process";

const ROOT = path.resolve(__dirname, "..");

export interface AppServerOptions {
  databaseUrl: string;
  /** The build folder (LOTWISE_DIST_DIR); default ".next-bench". Build it first with `buildApp`. */
  distDir?: string;
  /** LOTWISE_DATA_DIR: where the master key lives (default: process.env.LOTWISE_DATA_DIR). */
  dataDir?: string;
  /** Default: a random secret per server. Servers that must accept each other's cookies share one. */
  authSecret?: string;
  /** A V8 CPU profile of the server, written into this folder when it stops. */
  cpuProfDir?: string;
  /** Extra environment (e.g. LOG_LEVEL, LOTWISE_INLINE_RECOMPUTE_ROWS). */
  env?: NodeJS.ProcessEnv;
  /** Default: 120 s. */
  startTimeoutMs?: number;
}

export interface AppServer {
  /** http://127.0.0.1:<port> */
  url: string;
  /** The last 400 lines the server printed (stdout and stderr). */
  output: string[];
  child: ChildProcess;
  /** SIGTERM, then SIGKILL after 5 s (the --cpu-prof profiles are written on SIGTERM). */
  stop(): Promise<void>;
  /**
   * CPU seconds (user + system) used so far by the server process and any children. Linux only
   * (reads /proc), else NaN. On a shared machine, CPU per request is steadier than
   * requests per second.
   */
  cpuSeconds(): number;
}

/** Builds the app into `distDir` when no build exists there or a source changed since (never touches `.next`). */
export async function buildApp(opts: { distDir?: string; log?: (line: string) => void } = {}): Promise<void> {
  const distDir = opts.distDir ?? ".next-bench";
  const previous = process.env.LOTWISE_DIST_DIR;
  // buildIsStale() reads the dist dir from the environment.
  process.env.LOTWISE_DIST_DIR = distDir;
  // `next build` rewrites tsconfig.json and ensureBuild puts the text back, leaving it newer than the
  // build: the next check would find the build stale and build again. Its time goes back too.
  const tsconfig = path.join(ROOT, "tsconfig.json");
  const before = { text: fs.readFileSync(tsconfig, "utf8"), stat: fs.statSync(tsconfig) };
  try {
    await ensureBuild({ ...process.env, LOTWISE_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" }, opts.log ?? (() => {}));
  } finally {
    if (fs.readFileSync(tsconfig, "utf8") === before.text) fs.utimesSync(tsconfig, before.stat.atime, before.stat.mtime);
    if (previous === undefined) delete process.env.LOTWISE_DIST_DIR;
    else process.env.LOTWISE_DIST_DIR = previous;
  }
}

const running = new Set<AppServer>();

export async function startAppServer(opts: AppServerOptions): Promise<AppServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: opts.databaseUrl,
    AUTH_SECRET: opts.authSecret ?? crypto.randomBytes(32).toString("base64url"),
    LOTWISE_DATA_DIR: opts.dataDir ?? process.env.LOTWISE_DATA_DIR,
    LOTWISE_DIST_DIR: opts.distDir ?? ".next-bench",
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: "warn",
    ...opts.env,
    NODE_ENV: "production",
  };
  const [cmd, args] = webServerCommand({ port: String(port), host: "127.0.0.1", nodeOptions: opts.cpuProfDir ? ["--cpu-prof", "--cpu-prof-dir", path.resolve(opts.cpuProfDir)] : [] });
  const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const keep = (b: Buffer) => {
    output.push(...b.toString().split("\n").filter(Boolean));
    if (output.length > 400) output.splice(0, output.length - 400);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const server: AppServer = {
    url,
    output,
    child,
    async stop() {
      running.delete(server);
      await stopChild(child, 5_000);
    },
    cpuSeconds: () => (child.pid === undefined ? Number.NaN : processTreeCpu(child.pid)),
  };
  running.add(server);
  try {
    await waitForHttp(`${url}/signin`, child, opts.startTimeoutMs ?? 120_000);
  } catch (e) {
    await server.stop();
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${output.slice(-20).join("\n")}`);
  }
  return server;
}

/** Stops every server started here and not yet stopped. */
export async function stopAllAppServers(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop().catch(() => {})));
}

const CLOCK_TICKS = 100; // USER_HZ, 100 on every Linux Node runs on

/** utime + stime of a process and its descendants, in seconds (Linux /proc); NaN where there is no /proc. */
function processTreeCpu(root: number): number {
  if (process.platform !== "linux") return Number.NaN;
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (!fields) continue;
    const ppid = Number(fields[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  let ticks = 0;
  const visit = (pid: number) => {
    const fields = statFields(pid);
    if (fields) ticks += Number(fields[11]) + Number(fields[12]);
    for (const c of children.get(pid) ?? []) visit(c);
  };
  visit(root);
  return ticks / CLOCK_TICKS;
}

/** /proc/<pid>/stat after the command name: [state, ppid, …]; utime and stime are at 11 and 12. */
function statFields(pid: number): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  has(name: string) {
    return [...this.cookies.keys()].some((k) => k.endsWith(name));
  }
}

/** Signs in like a browser does and returns the Cookie header to send with later requests. Throws when sign-in fails. */
export async function signIn(url: string, email: string, password: string): Promise<string> {
  const jar = new CookieJar();
  const csrfRes = await fetch(`${url}/api/auth/csrf`);
  jar.take(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${url}/dashboard` }),
  });
  jar.take(res);
  if (!jar.has("session-token")) throw new Error(`sign-in of ${email} failed: HTTP ${res.status} ${res.headers.get("location") ?? ""}`);
  return jar.header();
}
