import { describeHistorySync } from "../../../e2e/mock-exchange/sync-harness";

// The shared contract (e2e/mock-exchange/sync-harness.ts) against the gemini mock. Staking interest comes from /v1/staking/history.
describeHistorySync("gemini", ["BTC/USD", "ETH/USD", "ETH/BTC", "SOL/USD"]);
