/** Builds the Next.js app when no build exists or a source changed since the last one. */
import fs from "node:fs";
import path from "node:path";
import { run } from "./db";

export const nextBin = require.resolve("next/dist/bin/next");

const SOURCES = ["app", "components", "lib", "public", "prisma", "proxy.ts", "next.config.js", "postcss.config.mjs", "package-lock.json", "tsconfig.json"];

function newestMtime(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) {
    if (child === "generated" || child === "node_modules") continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

export function buildIsStale(): boolean {
  const buildId = path.join(process.env.LOTWISE_DIST_DIR || ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return SOURCES.some((s) => newestMtime(s) > built);
}

export async function ensureBuild(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  if (!buildIsStale()) return;
  log("Building the app (first start or changed sources; takes a minute or two)");
  // `next build` adds its build folder's type paths to tsconfig.json; a second folder (LOTWISE_DIST_DIR) must not leave that behind.
  const tsconfig = fs.readFileSync("tsconfig.json", "utf8");
  const { atime, mtime } = fs.statSync("tsconfig.json");
  try {
    await run(process.execPath, [nextBin, "build"], { ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" });
  } finally {
    if (env.LOTWISE_DIST_DIR && fs.readFileSync("tsconfig.json", "utf8") !== tsconfig) {
      fs.writeFileSync("tsconfig.json", tsconfig);
      // Its old time too: written now, it would look newer than the build and make the next check build again.
      fs.utimesSync("tsconfig.json", atime, mtime);
    }
  }
}
