/**
 * Everything `npm start`, `npm run worker` and the CLI need before the app can run:
 * the data folder, a database (embedded unless DATABASE_URL is set) with migrations applied,
 * and the auth secret.
 */
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { migrateDeploy, startEmbeddedPostgres, type EmbeddedDb } from "./db";
import { EMBEDDED_PORT } from "./embedded-db-url";
import { loadMasterKey } from "../lib/crypto/master-key";

export interface RuntimeEnv {
  dataDir: string;
  databaseUrl: string;
  embedded: EmbeddedDb | null;
  env: NodeJS.ProcessEnv;
}

export function loadDotEnv(root = process.cwd()) {
  const file = path.join(root, ".env");
  if (fs.existsSync(file)) process.loadEnvFile(file);
}

/** A secret kept in the data folder, created on first use, readable only by its owner. */
export function ensureSecretFile(file: string, make: () => string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const value = make();
  fs.writeFileSync(file, `${value}\n`, { mode: 0o600, flag: "wx" });
  return value;
}

export async function prepareRuntime(log: (line: string) => void): Promise<RuntimeEnv> {
  loadDotEnv();
  const dataDir = path.resolve(process.env.LOTWISE_DATA_DIR ?? ".lotwise");
  fs.mkdirSync(dataDir, { recursive: true });

  let embedded: EmbeddedDb | null = null;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const port = Number.parseInt(process.env.LOTWISE_PG_PORT ?? String(EMBEDDED_PORT), 10);
    log(`Starting embedded Postgres 17 on 127.0.0.1:${port} (data in ${path.join(dataDir, "postgres")})`);
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port, database: "lotwise", log });
    databaseUrl = embedded.url;
  } else {
    log("Using the Postgres at DATABASE_URL");
  }

  log("Applying database migrations");
  await migrateDeploy(databaseUrl);

  const authSecret = process.env.AUTH_SECRET ?? ensureSecretFile(path.join(dataDir, "auth-secret"), () => crypto.randomBytes(32).toString("base64url"));

  // The key that seals exchange secrets: LOTWISE_ENCRYPTION_KEY, or a 0600 file made on first start.
  const master = loadMasterKey({ env: process.env, dataDir });
  if (!master.ok) throw new Error(master.error);
  if (master.source === "generated") log(`Generated the master key for exchange secrets: ${master.file} (back it up)`);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: authSecret,
    LOTWISE_DATA_DIR: dataDir,
  };
  return { dataDir, databaseUrl, embedded, env };
}
