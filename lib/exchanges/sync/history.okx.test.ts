import { describeHistorySync } from "../../../e2e/mock-exchange/sync-harness";

// The shared contract (e2e/mock-exchange/sync-harness.ts) against the okx mock.
describeHistorySync("okx", ["BTC/USDT", "ETH/USDT", "ETH/BTC", "SOL/USDT"]);
