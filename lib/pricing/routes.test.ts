import { describe, expect, it } from "vitest";
import { hopAttempts, hopMarkets, planRoutes, type Route } from "./routes";

const text = (routes: Route[]) => routes.map((r) => [r[0]?.from, ...r.map((h) => h.to)].join(" > "));

describe("route planning: direct fiat pair, fiat bridge, crypto bridge", () => {
  it.each([
    {
      name: "ETH in GBP: direct, via another fiat, via stablecoins and BTC (never via itself)",
      asset: "ETH",
      currency: "GBP",
      want: [
        "ETH > GBP",
        "ETH > USD > GBP",
        "ETH > EUR > GBP",
        "ETH > USDT > GBP",
        "ETH > USDT > USD > GBP",
        "ETH > USDT > EUR > GBP",
        "ETH > USDC > GBP",
        "ETH > USDC > USD > GBP",
        "ETH > USDC > EUR > GBP",
        "ETH > BTC > GBP",
        "ETH > BTC > USD > GBP",
        "ETH > BTC > EUR > GBP",
      ],
    },
    { name: "BTC is not bridged through ETH (markets quote ETH in BTC, not the reverse)", asset: "BTC", currency: "USD", want: ["BTC > USD", "BTC > EUR > USD", "BTC > GBP > USD", "BTC > USDT > USD", "BTC > USDT > EUR > USD", "BTC > USDT > GBP > USD", "BTC > USDC > USD", "BTC > USDC > EUR > USD", "BTC > USDC > GBP > USD"] },
    { name: "USDT only through a real USDT/fiat market: never taken as 1 USD", asset: "USDT", currency: "USD", want: ["USDT > USD", "USDT > EUR > USD", "USDT > GBP > USD"] },
    { name: "fiat to fiat: direct, else triangulated through a fiat bridge", asset: "CHF", currency: "GBP", want: ["CHF > GBP", "CHF > USD > GBP", "CHF > EUR > GBP"] },
    { name: "the currency itself needs no route", asset: "usd", currency: "USD", want: [] },
  ])("$name", ({ asset, currency, want }) => {
    expect(text(planRoutes(asset, currency))).toEqual(want);
  });

  it.each([
    { from: "EUR", to: "USD", want: ["EUR/USD", "1 / USD/EUR"] },
    { from: "USD", to: "GBP", want: ["1 / GBP/USD", "USD/GBP"] },
    { from: "USD", to: "JPY", want: ["USD/JPY", "1 / JPY/USD"] },
    { from: "EUR", to: "GBP", want: ["EUR/GBP", "1 / GBP/EUR"] },
    { from: "ETH", to: "BTC", want: ["ETH/BTC"] },
    { from: "USDT", to: "USD", want: ["USDT/USD"] },
  ])("hop $from -> $to is priced by $want (FX market convention first)", ({ from, to, want }) => {
    expect(hopMarkets({ from, to }).map((m) => `${m.invert ? "1 / " : ""}${m.pair}`)).toEqual(want);
  });

  it("tries every interval (finest first), then every source in preference order", () => {
    const attempts = hopAttempts({ from: "ETH", to: "USD" }, { sources: ["kraken", "binance"], intervals: ["1h", "1d"] });
    expect(attempts.map((a) => a.id)).toEqual(["kraken ETH/USD 1h", "binance ETH/USD 1h", "kraken ETH/USD 1d", "binance ETH/USD 1d"]);
  });
});
