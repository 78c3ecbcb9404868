import { describeHistorySync } from "../../../e2e/mock-exchange/sync-harness";

// The shared contract (e2e/mock-exchange/sync-harness.ts) against the kraken mock.
describeHistorySync("kraken", ["BTC/USD", "ETH/USD", "ETH/BTC", "SOL/USD"], { conversions: true });
