/**
 * `npm run rotate-key [-- --new-key BASE64]`: re-seals every stored exchange secret under a new master
 * key in one transaction. Stop Lotwise first; with the embedded database this starts it for the run.
 */
import fs from "node:fs";
import path from "node:path";
import { loadDotEnv } from "./runtime-env";
import { startEmbeddedPostgres, type EmbeddedDb } from "./db";
import { EMBEDDED_PORT } from "./embedded-db-url";
import { createPrismaClient } from "../lib/db/client";
import { prismaSealedStore } from "../lib/db/sealed-store";
import { rotateMasterKey } from "../lib/cli/rotate-key";

async function main(): Promise<number> {
  loadDotEnv();
  const args = process.argv.slice(2);
  const at = args.indexOf("--new-key");
  const newKey = at >= 0 ? args[at + 1] : undefined;
  if (args.includes("--help") || (at >= 0 && !newKey)) {
    console.log("Usage: npm run rotate-key [-- --new-key <base64 32 bytes>]\nRe-seals every exchange secret under a new master key. Stop Lotwise first.");
    return args.includes("--help") ? 0 : 2;
  }
  const dataDir = path.resolve(process.env.LOTWISE_DATA_DIR ?? ".lotwise");
  let embedded: EmbeddedDb | null = null;
  let url = process.env.DATABASE_URL;
  if (!url) {
    if (fs.existsSync(path.join(dataDir, "postgres", "postmaster.pid"))) {
      console.error("Lotwise (its embedded database) is running. Stop it, then rotate the key.");
      return 1;
    }
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port: Number(process.env.LOTWISE_PG_PORT ?? EMBEDDED_PORT), database: "lotwise" });
    url = embedded.url;
  }
  const prisma = createPrismaClient(url);
  try {
    const result = await rotateMasterKey(prismaSealedStore(prisma), { env: process.env, dataDir, newKey });
    (result.ok ? console.log : console.error)(result.message);
    if (result.newKeyForEnv) console.log(`LOTWISE_ENCRYPTION_KEY=${result.newKeyForEnv}`);
    return result.ok ? 0 : 1;
  } finally {
    await prisma.$disconnect();
    await embedded?.stop();
  }
}

main().then((code) => process.exit(code));
