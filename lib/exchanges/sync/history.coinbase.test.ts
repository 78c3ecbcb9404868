import { describeHistorySync } from "../../../e2e/mock-exchange/sync-harness";

// The shared contract (e2e/mock-exchange/sync-harness.ts) against the coinbase mock.
describeHistorySync("coinbase", ["BTC/USD", "ETH/USD", "ETH/BTC", "SOL/USD"], { conversions: true });
