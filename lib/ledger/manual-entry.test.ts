import { describe, expect, it } from "vitest";
import { parseManualTransaction } from "./manual-entry";

const base = { walletName: "Ledger Nano", time: "2024-03-01T10:30", kind: "buy", sentAmount: "1,000.50", sentAsset: "usd", receivedAmount: "0.02", receivedAsset: "btc" };

describe("manual transaction form", () => {
  it("accepts a buy, normalising tickers and thousands separators, time in UTC", () => {
    const r = parseManualTransaction({ ...base, feeAmount: "1.5", feeAsset: "USD" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ walletName: "Ledger Nano", kind: "buy", sentAsset: "USD", sentAmount: "1000.5", receivedAsset: "BTC", receivedAmount: "0.02", feeAsset: "USD", feeAmount: "1.5", fiatValue: null });
    expect(r.value.time.toISOString()).toBe("2024-03-01T10:30:00.000Z");
  });

  it("names each bad field", () => {
    const r = parseManualTransaction({ walletName: "", time: "yesterday", kind: "withdrawal", receivedAmount: "-1", receivedAsset: "BTC" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(["received", "sent", "time", "walletName"]);
  });

  it("requires an income type for income and refuses a crypto 'buy'", () => {
    const income = parseManualTransaction({ walletName: "Kraken", time: "2024-03-01T00:00", kind: "income", receivedAmount: "0.1", receivedAsset: "DOT" });
    expect(income.ok || income.errors.label).toMatch(/staking/);
    const staking = parseManualTransaction({ walletName: "Kraken", time: "2024-03-01T00:00", kind: "income", receivedAmount: "0.1", receivedAsset: "DOT", label: "Staking", fiatValue: "0.65", fiatCurrency: "usd" });
    expect(staking.ok && staking.value.label).toBe("staking");
    expect(staking.ok && staking.value.fiatCurrency).toBe("USD");
    const cryptoBuy = parseManualTransaction({ ...base, sentAsset: "ETH" });
    expect(!cryptoBuy.ok && cryptoBuy.errors.sent).toMatch(/trade/);
  });

  it("refuses more than 18 decimals rather than rounding", () => {
    const r = parseManualTransaction({ ...base, receivedAmount: "0.1234567890123456789" });
    expect(!r.ok && r.errors.received).toMatch(/18 decimals/);
  });
});

describe("labels change what a deposit or withdrawal is", () => {
  it("follows the tags tax tools use, and back", async () => {
    const { kindForLabel } = await import("./manual-entry");
    expect(kindForLabel("deposit", "staking")).toBe("income");
    expect(kindForLabel("income", "airdrop")).toBe("income");
    expect(kindForLabel("income", null)).toBe("deposit");
    expect(kindForLabel("deposit", "gift")).toBe("gift-received");
    expect(kindForLabel("withdrawal", "lost")).toBe("lost");
    expect(kindForLabel("lost", "")).toBe("withdrawal");
    expect(kindForLabel("withdrawal", "staking")).toBe("withdrawal");
    expect(kindForLabel("trade", "staking")).toBe("trade");
  });
});
