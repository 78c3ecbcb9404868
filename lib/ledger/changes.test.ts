import { describe, expect, it } from "vitest";
import { ALL_ASSETS, changeEverything, changesFromRows, mergeChanges } from "./changes";

const t = (iso: string) => new Date(iso);

describe("ledger changes", () => {
  it("keeps the earliest time per asset across every leg of the rows", () => {
    const c = changesFromRows([
      { time: t("2024-03-01T00:00:00Z"), sentAsset: "BTC", receivedAsset: "ETH", feeAsset: "BNB" },
      { time: t("2024-01-01T00:00:00Z"), sentAsset: null, receivedAsset: "BTC", feeAsset: null },
    ]);
    expect(Object.fromEntries([...c].map(([a, d]) => [a, d.toISOString()]))).toEqual({
      BTC: "2024-01-01T00:00:00.000Z",
      ETH: "2024-03-01T00:00:00.000Z",
      BNB: "2024-03-01T00:00:00.000Z",
    });
  });

  it("expands an every-asset record to the assets given, earliest wins", () => {
    const merged = mergeChanges(
      [
        { asset: "BTC", earliest: t("2023-01-01T00:00:00Z") },
        { asset: ALL_ASSETS, earliest: t("2024-01-01T00:00:00Z") },
        { asset: ALL_ASSETS, earliest: t("2024-06-01T00:00:00Z") },
      ],
      ["BTC", "ETH"],
    );
    expect(merged.get("BTC")?.toISOString()).toBe("2023-01-01T00:00:00.000Z");
    expect(merged.get("ETH")?.toISOString()).toBe("2024-01-01T00:00:00.000Z");
    expect(merged.has(ALL_ASSETS)).toBe(false);
    expect(changeEverything(t("2024-01-01T00:00:00Z")).get(ALL_ASSETS)).toEqual(t("2024-01-01T00:00:00Z"));
  });
});
