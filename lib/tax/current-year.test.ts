import { expect, it } from "vitest";
import { currentTaxYear } from "./current-year";

it.each([
  ["us", "2025-01-01T00:00:00Z", 2025],
  ["uk", "2025-04-05T12:00:00Z", 2024],
  ["uk", "2025-04-06T00:00:00Z", 2025],
  ["de", "2025-12-31T23:00:00Z", 2025],
] as const)("%s on %s is tax year %i (HMRC: 6 April to 5 April)", (j, at, want) => {
  expect(currentTaxYear(j, new Date(at))).toBe(want);
});
