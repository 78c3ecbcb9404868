import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const PURE = ["lib/ledger/**", "lib/tax/**", "lib/importers/**", "lib/pricing/**", "lib/reports/**", "lib/crypto/**", "lib/exchanges/**"];

const config = [
  ...next,
  ...nextTs,
  { ignores: [".next/**", ".next-*/**", "node_modules/**", ".lotwise/**", "lib/generated/**", "test-results/**", "playwright-report/**", "next-env.d.ts", ".scratch/**"] },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.property.name=/^(only|skip)$/][callee.object.name=/^(it|test|describe)$/]", message: "No focused or skipped tests." },
      ],
    },
  },
  {
    // Playwright fixtures call their continuation `use`, which is not React's hook.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    // Domain code stays framework-free: no Next.js, React, Prisma or database access.
    files: PURE,
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["next", "next/*", "react", "react-dom", "@prisma/*", "**/generated/prisma*", "@/lib/db", "@/lib/db/*", "**/lib/db/**"], message: "lib/ domain code must not import the framework or the database." }] },
      ],
    },
  },
];

export default config;
