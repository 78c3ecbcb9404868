import { describeHistorySync } from "../../../e2e/mock-exchange/sync-harness";

// The shared contract (e2e/mock-exchange/sync-harness.ts) against the binance mock.
describeHistorySync("binance", ["BTC/USDT", "ETH/USDT", "ETH/BTC", "SOL/USDT"], { conversions: true, dust: true });
