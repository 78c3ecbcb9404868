import { describe, expect, it } from "vitest";
import { addYears, civilFromDays, dayIso, daysFromCivil, localDayFn } from "./calendar";
import { jurisdictionById } from "./jurisdictions";

const day = (iso: string) => {
  const [y, m, d] = iso.split("-").map((x) => parseInt(x, 10));
  return daysFromCivil(y ?? 0, m ?? 0, d ?? 0);
};

describe("calendar", () => {
  it("round-trips day numbers", () => {
    for (const iso of ["1970-01-01", "2000-02-29", "2024-12-31", "2100-03-01"]) expect(dayIso(day(iso))).toBe(iso);
    expect(civilFromDays(0)).toEqual({ year: 1970, month: 1, day: 1 });
  });

  it.each([
    { from: "2023-06-19", to: "2024-06-19" },
    { from: "2024-02-29", to: "2025-02-28" },
    { from: "2023-03-01", to: "2024-03-01" },
  ])("adds a calendar year to $from (never 365 days; notes 1.4)", ({ from, to }) => {
    expect(dayIso(addYears(day(from), 1))).toBe(to);
  });

  it("maps instants to local days across daylight saving", () => {
    const london = localDayFn("Europe/London");
    expect(dayIso(london(Date.UTC(2024, 6, 1, 23, 30)))).toBe("2024-07-02"); // BST: 00:30 next day
    expect(dayIso(london(Date.UTC(2024, 0, 1, 23, 30)))).toBe("2024-01-01"); // GMT
    const ny = localDayFn("America/New_York");
    expect(dayIso(ny(Date.UTC(2024, 5, 20, 2, 0)))).toBe("2024-06-19");
    expect(dayIso(localDayFn("UTC")(Date.UTC(2024, 5, 20, 2, 0)))).toBe("2024-06-20");
  });

  it.each([
    { date: "2024-04-05", year: 2023, label: "2023/24" },
    { date: "2024-04-06", year: 2024, label: "2024/25" },
    { date: "2025-04-05", year: 2024, label: "2024/25" },
  ])("UK tax year of $date is $label (6 April to 5 April; notes 2.1)", ({ date, year, label }) => {
    const uk = jurisdictionById("uk");
    expect(uk.taxYearOf(day(date))).toBe(year);
    expect(uk.taxYearLabel(year)).toBe(label);
  });
});
