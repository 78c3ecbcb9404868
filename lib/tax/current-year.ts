/** The tax year (by its starting calendar year) that contains `now`: the UK's runs 6 April to 5 April. */
export function currentTaxYear(jurisdiction: "us" | "uk" | "de", now = new Date()): number {
  const y = now.getUTCFullYear();
  if (jurisdiction !== "uk") return y;
  const beforeApril6 = now.getUTCMonth() < 3 || (now.getUTCMonth() === 3 && now.getUTCDate() < 6);
  return beforeApril6 ? y - 1 : y;
}
