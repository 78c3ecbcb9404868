import { expect, it } from "vitest";
import { universalTemplateCsv } from "./universal-template";
import { parseUniversalCsv, UNIVERSAL_COLUMNS } from "./universal";

it("the downloadable template parses cleanly with the universal importer", () => {
  const csv = universalTemplateCsv();
  expect(csv.split("\n")[0]).toBe(UNIVERSAL_COLUMNS.join(","));
  const out = parseUniversalCsv(csv);
  expect(out.ok).toBe(true);
  if (!out.ok) return;
  expect(out.entries.map((e) => e.kind)).toEqual(["buy", "income", "withdrawal", "deposit", "sell"]);
  expect(out.entries[1]?.label).toBe("staking");
  expect(new Set(out.entries.map((e) => e.account))).toEqual(new Set(["My Exchange", "Hardware Wallet"]));
});
