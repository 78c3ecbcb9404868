import { describeHistorySync } from "../../../e2e/mock-exchange/sync-harness";

// The shared contract (e2e/mock-exchange/sync-harness.ts) against the gemini mock. Gemini's API has no staking/Earn history.
describeHistorySync("gemini", ["BTC/USD", "ETH/USD", "ETH/BTC", "SOL/USD"], { rewards: false });
