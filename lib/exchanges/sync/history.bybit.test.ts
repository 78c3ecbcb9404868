import { describeHistorySync } from "../../../e2e/mock-exchange/sync-harness";

// The shared contract (e2e/mock-exchange/sync-harness.ts) against the bybit mock, for a key Bybit lets read
// Earn yield (Flexible Savings, last 3 months). Keys without the Earn permission: optional-history.test.ts.
describeHistorySync("bybit", ["BTC/USDT", "ETH/USDT", "ETH/BTC", "SOL/USDT"], { flags: { bybitEarn: true } });
