import Decimal from "decimal.js";
import { expect, it } from "vitest";
import { preparePrices } from "./warm";
import { MemoryCandleStore } from "./candle-store";
import type { LedgerEntry } from "../ledger/types";

it("with market prices off (no sources), needs stay unpriced instead of failing", async () => {
  const entry: LedgerEntry = { externalId: "t1", time: new Date("2024-03-01T10:00:00Z"), account: "A", kind: "trade", sentAsset: "ETH", sentAmount: new Decimal("1"), receivedAsset: "BTC", receivedAmount: new Decimal("0.05"), feeAsset: null, feeAmount: null, fiatValue: null, fiatCurrency: null, label: null, description: null, txHash: null };
  const { prices, report } = await preparePrices([entry], { jurisdiction: "us" }, { store: new MemoryCandleStore(), sources: [], offline: true });
  expect(prices("BTC", "USD", entry.time)).toBeNull();
  expect(report.requests).toBe(0);
});
