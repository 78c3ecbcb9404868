export { DEMO_DAYS, DEMO_ID_PREFIX, DEMO_SOL_SHORTFALL, DEMO_WALLETS, generateDemoPortfolio, type DemoOptions, type DemoPortfolio, type DemoPrice } from "./generate";
export { DEMO_ASSETS, DEMO_CURRENCIES, type DemoAsset, type DemoCurrency } from "./prices";
