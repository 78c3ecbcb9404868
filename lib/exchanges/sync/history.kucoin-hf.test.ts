import { describeHistorySync } from "../../../e2e/mock-exchange/sync-harness";

// The shared contract against the kucoin mock for an account upgraded to high-frequency trading:
// ccxt then reads /api/v1/hf/fills, which needs a symbol, so the markets are discovered first.
describeHistorySync("kucoin", ["BTC/USDT", "ETH/USDT", "ETH/BTC", "SOL/USDT"], { conversions: true, flags: { kucoinHf: true }, variant: "HF account" });
