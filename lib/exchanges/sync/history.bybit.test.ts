import { describeHistorySync } from "../../../e2e/mock-exchange/sync-harness";

// The shared contract (e2e/mock-exchange/sync-harness.ts) against the bybit mock. Bybit Earn payouts are not in the API sync.
describeHistorySync("bybit", ["BTC/USDT", "ETH/USDT", "ETH/BTC", "SOL/USDT"], { rewards: false });
