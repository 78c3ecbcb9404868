import { defineConfig } from "prisma/config";
import { MigratePrismaPg } from "./prisma/pg-catalog-safe";
import { EMBEDDED_DATABASE_URL } from "./scripts/embedded-db-url";

// Without a URL every Prisma command tries to download a native engine (offline-toolchain notes),
// so default to the embedded database's URL.
process.env.DATABASE_URL ??= EMBEDDED_DATABASE_URL;
const url = process.env.DATABASE_URL;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  async adapter() {
    return new MigratePrismaPg(url);
  },
});
