import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { computeTax } from "./engine";
import { ledger, type RowSpec } from "./testing";
import type { TaxResult } from "./types";

/**
 * HMRC Cryptoassets Manual pooling examples CRYPTO22251-22256 (gov.uk/hmrc-internal-manuals/
 * cryptoassets-manual), with HMRC's published figures. HMRC rounds to whole pounds in the text;
 * the engine does not round, so expectations are exact where HMRC's arithmetic is exact and
 * compared at the penny (or pound, as published) otherwise. Years are placed in 2019-2022 (HMRC
 * writes "20XX"). tax-rules notes 2.2.
 */

const buy = (date: string, units: string, token: string, gbp: string): RowSpec => ({ date, sent: `${gbp} GBP`, received: `${units} ${token}` });
const sell = (date: string, units: string, token: string, gbp: string): RowSpec => ({ date, sent: `${units} ${token}`, received: `${gbp} GBP` });

interface Expect {
  /** Disposal date (UK day) -> expected gain and allowable cost of that day's disposal. */
  disposals: { day: string; proceeds: string; cost: string; gain: string; rules: string[] }[];
  pool: { units: string; cost: string };
}

const cases: { name: string; source: string; rows: RowSpec[]; token: string; expect: Expect; places: number }[] = [
  {
    name: "example 1: basic section 104 pool disposal",
    source: "CRYPTO22251",
    token: "TOKA",
    rows: [buy("2020-01-01 10:00:00", "100", "TOKA", "1000"), buy("2020-09-18 10:00:00", "50", "TOKA", "125000"), sell("2020-12-01 10:00:00", "50", "TOKA", "300000")],
    // Allowable cost 126,000 x 50/150 = 42,000; gain 258,000; pool 100 tokens, 84,000.
    expect: { disposals: [{ day: "2020-12-01", proceeds: "300000", cost: "42000", gain: "258000", rules: ["s104"] }], pool: { units: "100", cost: "84000" } },
    places: 2,
  },
  {
    name: "example 2: same day rule, unmatched tokens join the pool",
    source: "CRYPTO22252",
    token: "TOKB",
    rows: [
      buy("2019-01-01 10:00:00", "5000", "TOKB", "500"),
      sell("2021-06-23 08:00:00", "1000", "TOKB", "800"),
      buy("2021-06-23 13:00:00", "1600", "TOKB", "1000"),
      sell("2021-06-23 19:00:00", "500", "TOKB", "600"),
    ],
    // One disposal of 1,500 for 1,400; cost 1,000 x 1,500/1,600 = 937.50 (HMRC: 938); gain 462.50 (462).
    // The other 100 tokens and 62.50 (62) join the pool: 5,100 tokens, 562.50 (562).
    expect: { disposals: [{ day: "2021-06-23", proceeds: "1400", cost: "937.5", gain: "462.5", rules: ["same-day"] }], pool: { units: "5100", cost: "562.5" } },
    places: 2,
  },
  {
    name: "example 3: 30 day rule, earliest acquisition first",
    source: "CRYPTO22253",
    token: "TOKC",
    rows: [
      buy("2019-01-01 10:00:00", "2000", "TOKC", "1000"),
      sell("2021-03-31 10:00:00", "1000", "TOKC", "400"),
      sell("2021-04-20 10:00:00", "500", "TOKC", "150"),
      buy("2021-04-21 10:00:00", "700", "TOKC", "175"),
      buy("2021-04-28 10:00:00", "500", "TOKC", "100"),
      buy("2021-05-01 10:00:00", "500", "TOKC", "150"),
    ],
    // 31/03: 700 of 21/04 (175) + 300 of 28/04 (60): gain 165. 20/04: 200 of 28/04 (40) + 300 of
    // 01/05 (90): gain 20. The other 200 of 01/05 (60) join the pool: 2,200 tokens, 1,060.
    expect: {
      disposals: [
        { day: "2021-03-31", proceeds: "400", cost: "235", gain: "165", rules: ["30-day", "30-day"] },
        { day: "2021-04-20", proceeds: "150", cost: "130", gain: "20", rules: ["30-day", "30-day"] },
      ],
      pool: { units: "2200", cost: "1060" },
    },
    places: 2,
  },
  {
    name: "example 4: same day rule with a part disposal of the pool",
    source: "CRYPTO22254",
    token: "TOKD",
    rows: [
      buy("2019-01-01 10:00:00", "8000", "TOKD", "1000"),
      sell("2022-01-31 09:00:00", "5000", "TOKD", "500"),
      buy("2022-01-31 10:00:00", "4000", "TOKD", "320"),
      buy("2022-01-31 11:00:00", "1000", "TOKD", "75"),
      buy("2022-01-31 12:00:00", "1000", "TOKD", "70"),
      sell("2022-01-31 13:00:00", "2000", "TOKD", "142"),
      buy("2022-01-31 14:00:00", "500", "TOKD", "35"),
    ],
    // Disposal of 7,000 for 642: same day 6,500 (500) + pool 500 (1,000 x 500/8,000 = 62.50, HMRC 63):
    // gain 79.50 (HMRC 79). Pool 7,500 tokens, 937.50 (937).
    expect: { disposals: [{ day: "2022-01-31", proceeds: "642", cost: "562.5", gain: "79.5", rules: ["same-day", "s104"] }], pool: { units: "7500", cost: "937.5" } },
    places: 2,
  },
  {
    name: "example 5: 30 day rule with a part disposal of the pool",
    source: "CRYPTO22255",
    token: "TOKE",
    rows: [buy("2019-01-01 10:00:00", "14000", "TOKE", "200000"), sell("2021-08-30 10:00:00", "4000", "TOKE", "160000"), buy("2021-09-11 10:00:00", "500", "TOKE", "17500")],
    // 30 day 500 (17,500) + pool 3,500 (200,000 x 3,500/14,000 = 50,000): gain 92,500. Pool 10,500, 150,000.
    expect: { disposals: [{ day: "2021-08-30", proceeds: "160000", cost: "67500", gain: "92500", rules: ["30-day", "s104"] }], pool: { units: "10500", cost: "150000" } },
    places: 2,
  },
  {
    name: "example 6: same day, 30 day and the pool together",
    source: "CRYPTO22256",
    token: "TOKF",
    rows: [
      buy("2019-01-01 10:00:00", "100000", "TOKF", "300000"),
      buy("2021-07-31 09:00:00", "10000", "TOKF", "45000"),
      sell("2021-07-31 10:00:00", "30000", "TOKF", "150000"),
      sell("2021-08-05 10:00:00", "20000", "TOKF", "100000"),
      buy("2021-08-06 10:00:00", "50000", "TOKF", "225000"),
      sell("2021-08-07 10:00:00", "100000", "TOKF", "150000"),
    ],
    // 31/07: same day 10,000 (45,000) + 30 day 20,000 of 06/08 (90,000): gain 15,000.
    // 05/08: 30 day 20,000 of 06/08 (90,000): gain 10,000. The last 10,000 of 06/08 (45,000) join
    // the pool: 110,000 tokens, 345,000. 07/08: pool 100,000 (345,000 x 100,000/110,000 =
    // 313,636.36): loss 163,636.36. Pool 10,000 tokens, 31,363.64.
    expect: {
      disposals: [
        { day: "2021-07-31", proceeds: "150000", cost: "135000", gain: "15000", rules: ["same-day", "30-day"] },
        { day: "2021-08-05", proceeds: "100000", cost: "90000", gain: "10000", rules: ["30-day"] },
        { day: "2021-08-07", proceeds: "150000", cost: "313636.36", gain: "-163636.36", rules: ["s104"] },
      ],
      pool: { units: "10000", cost: "31363.64" },
    },
    places: 2,
  },
];

function byDisposal(result: TaxResult) {
  const out = new Map<string, { proceeds: Decimal; cost: Decimal; gain: Decimal; rules: string[] }>();
  for (const l of result.disposals) {
    const day = l.disposalId.slice(-10);
    const g = out.get(day) ?? { proceeds: new Decimal(0), cost: new Decimal(0), gain: new Decimal(0), rules: [] };
    g.proceeds = g.proceeds.plus(l.proceeds);
    g.cost = g.cost.plus(l.costBasis);
    g.gain = g.gain.plus(l.gain);
    g.rules.push(l.rule);
    out.set(day, g);
  }
  return out;
}

describe("UK matching: HMRC worked examples", () => {
  it.each(cases)("$source $name", ({ rows, token, expect: want, places }) => {
    const result = computeTax(ledger(rows), { jurisdiction: "uk" });
    const got = byDisposal(result);
    expect([...got.keys()]).toEqual(want.disposals.map((d) => d.day));
    for (const d of want.disposals) {
      const g = got.get(d.day);
      expect(g?.proceeds.toFixed()).toBe(d.proceeds);
      expect(g?.cost.toDecimalPlaces(places).toFixed()).toBe(d.cost);
      expect(g?.gain.toDecimalPlaces(places).toFixed()).toBe(d.gain);
      expect(g?.rules).toEqual(d.rules);
    }
    const pool = result.openLots.find((l) => l.id === `s104:${token}`);
    expect(pool?.amount.toFixed()).toBe(want.pool.units);
    expect(pool?.costBasis.toDecimalPlaces(places).toFixed()).toBe(want.pool.cost);
    expect(result.warnings).toEqual([]);
  });

  it("CRYPTO22253: the two disposals fall in different tax years (5 April ends a year)", () => {
    const result = computeTax(ledger(cases[2]?.rows ?? []), { jurisdiction: "uk" });
    expect(result.summary.map((s) => [s.taxYear, s.jurisdiction === "uk" ? s.disposals : -1])).toEqual([
      [2020, 1],
      [2021, 1],
    ]);
  });
});

describe("UK summary", () => {
  it("applies the annual exempt amount by tax year (gov.uk rates and allowances; notes 2.5)", () => {
    const rows = [buy("2023-05-01 10:00:00", "1", "BTC", "10000"), sell("2023-07-01 10:00:00", "1", "BTC", "20000")];
    const result = computeTax(ledger(rows), { jurisdiction: "uk" });
    const s = result.summary.find((x) => x.taxYear === 2023);
    expect(s?.jurisdiction).toBe("uk");
    if (s?.jurisdiction !== "uk") return;
    expect(s.label).toBe("2023/24");
    expect(s.annualExemptAmount?.toFixed()).toBe("6000");
    expect(s.net.toFixed()).toBe("10000");
    expect(s.taxableAfterExemption?.toFixed()).toBe("4000");
  });

  it("splits 2024/25 gains at 30 October 2024 (Autumn Budget 2024 rate change; notes 2.6)", () => {
    const rows = [
      buy("2024-01-10 10:00:00", "3", "ETH", "3000"),
      sell("2024-10-29 12:00:00", "1", "ETH", "2500"),
      sell("2024-10-30 00:30:00", "1", "ETH", "1500"),
      sell("2025-04-05 12:00:00", "1", "ETH", "900"),
    ];
    const result = computeTax(ledger(rows), { jurisdiction: "uk", year: 2024 });
    const s = result.summary[0];
    expect(s?.jurisdiction).toBe("uk");
    if (s?.jurisdiction !== "uk" || !s.rateChange) throw new Error("no 2024/25 summary");
    expect(s.disposals).toBe(3);
    expect(s.annualExemptAmount?.toFixed()).toBe("3000");
    expect(s.rateChange.before.net.toFixed()).toBe("1500");
    expect(s.rateChange.after.gains.toFixed()).toBe("500");
    expect(s.rateChange.after.losses.toFixed()).toBe("100");
    expect(s.gains.toFixed()).toBe("2000");
    expect(s.losses.toFixed()).toBe("100");
    expect(s.net.toFixed()).toBe("1900");
    expect(s.taxableAfterExemption?.toFixed()).toBe("0");
  });

  it("moves between own wallets are not disposals; the network fee is (CRYPTO22100)", () => {
    const rows: RowSpec[] = [
      { ...buy("2023-01-10 10:00:00", "2", "BTC", "40000"), account: "Exchange" },
      { date: "2023-02-01 10:00:00", sent: "1 BTC", fee: "0.01 BTC", hash: "0xabc", account: "Exchange" },
      { date: "2023-02-01 10:20:00", received: "1 BTC", hash: "0xabc", account: "Ledger" },
      { ...sell("2023-03-01 10:00:00", "1", "BTC", "30000"), account: "Ledger" },
    ];
    const prices = (asset: string, currency: string) => (asset === "BTC" && currency === "GBP" ? { price: new Decimal(25000), source: "test" } : null);
    const result = computeTax(ledger(rows), { jurisdiction: "uk", prices });
    expect(result.disposals.map((d) => [d.kind, d.amount.toFixed(), d.proceeds.toFixed(), d.costBasis.toFixed()])).toEqual([
      ["transfer-fee", "0.01", "250", "200"],
      ["sale", "1", "30000", "20000"],
    ]);
    expect(result.warnings).toEqual([]);
  });
});
