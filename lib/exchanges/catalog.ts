/**
 * The exchanges a user can connect with an API key, and what the key wizard
 * shows for each: which credential fields to ask for, where to create the key,
 * which permission boxes to tick (the exchange's own wording) and which to
 * leave off, and how Lotwise proves the key is read-only.
 *
 * Source for permissions and endpoints: /work/shared/notes/exchange-apis.md.
 * The UI strings quote each exchange's settings page; exchanges rename these
 * boxes from time to time, so keep the wording checkable against the linked page.
 */

export const EXCHANGE_IDS = ["binance", "coinbase", "kraken", "okx", "bybit", "kucoin", "gemini", "bitstamp"] as const;
export type ExchangeId = (typeof EXCHANGE_IDS)[number];

export function isExchangeId(value: unknown): value is ExchangeId {
  return typeof value === "string" && (EXCHANGE_IDS as readonly string[]).includes(value);
}

export interface CredentialField {
  /** Key in `ExchangeCredentials`. */
  name: "apiKey" | "secret" | "password";
  label: string;
  /** A hint shown under the field (format, where to copy it from). */
  help?: string;
  /** Render as a textarea (multi-line PEM). */
  multiline?: boolean;
}

export interface ReadOnlyCheck {
  /** "report": the exchange states the key's permissions; "probe": no report exists, so refusals of side-effect-free calls are the evidence. */
  method: "report" | "probe";
  /** One sentence for the page: how this exchange's key was checked. */
  description: string;
}

export interface ExchangeCatalogEntry {
  id: ExchangeId;
  name: string;
  /** OKX and KuCoin keys come with a passphrase chosen at creation. */
  needsPassphrase: boolean;
  fields: readonly CredentialField[];
  /** Where the key is created. */
  keyPageUrl: string;
  /** Ordered steps to create the key. */
  steps: readonly string[];
  /** Boxes to tick, in the exchange's wording. */
  tick: readonly string[];
  /** Boxes to leave off, in the exchange's wording. */
  leaveOff: readonly string[];
  /** Anything else the user must know (expiry, IP lists, key type). */
  notes: readonly string[];
  readOnlyCheck: ReadOnlyCheck;
}

const KEY = (label: string, help?: string): CredentialField => ({ name: "apiKey", label, help });
const SECRET = (label: string, help?: string, multiline?: boolean): CredentialField => ({ name: "secret", label, help, multiline });
const PASSPHRASE: CredentialField = {
  name: "password",
  label: "Passphrase",
  help: "The passphrase you typed when you created the key (not your account password).",
};

export const EXCHANGE_CATALOG: Readonly<Record<ExchangeId, ExchangeCatalogEntry>> = {
  binance: {
    id: "binance",
    name: "Binance",
    needsPassphrase: false,
    fields: [KEY("API Key"), SECRET("Secret Key", "Shown once, right after the key is created.")],
    keyPageUrl: "https://www.binance.com/en/my/settings/api-management",
    steps: [
      "Open Account → API Management and click “Create API”.",
      "Choose “System generated”, name the key (e.g. “Lotwise”) and pass the security check.",
      "Click “Edit restrictions” on the new key and set the boxes as below, then “Save”.",
      "Copy the API Key and the Secret Key into the form.",
    ],
    tick: ["Enable Reading"],
    leaveOff: [
      "Enable Spot & Margin Trading",
      "Enable Margin Loan, Repay & Transfer",
      "Enable Futures",
      "Enable European Options",
      "Enable Withdrawals",
      "Permits Universal Transfer",
      "Enable Symbol Whitelist",
    ],
    notes: ["“Unrestricted” IP access works for a read-only key; if you restrict IPs, add this server's public IP address."],
    readOnlyCheck: {
      method: "report",
      description: "Binance's permission report for the key (GET /sapi/v1/account/apiRestrictions): only “Enable Reading” may be on.",
    },
  },
  coinbase: {
    id: "coinbase",
    name: "Coinbase",
    needsPassphrase: false,
    fields: [
      KEY("API key name", "Looks like organizations/…/apiKeys/…"),
      SECRET("Private key", "The whole block from -----BEGIN EC PRIVATE KEY----- to -----END EC PRIVATE KEY-----.", true),
    ],
    keyPageUrl: "https://portal.cdp.coinbase.com/projects/api-keys",
    steps: [
      "Sign in to the Coinbase Developer Platform with your Coinbase account and open API Keys → “Create API key” (a Secret API key).",
      "Name the key, pick the portfolio whose history you want to import, and under “API restrictions” set the permissions as below.",
      "Under “Advanced settings” choose the ECDSA signature algorithm.",
      "Create the key and copy the API key name and the private key into the form.",
    ],
    tick: ["View"],
    leaveOff: ["Trade", "Transfer"],
    notes: [
      "Coinbase keys belong to one portfolio: Lotwise can only see the portfolio the key was created for.",
      "Buys in the simple Coinbase app paid by card or bank (not from a Coinbase cash wallet) are missing from the API; import the Coinbase transaction CSV for those.",
    ],
    readOnlyCheck: {
      method: "report",
      description: "Coinbase's permission report for the key (GET /api/v3/brokerage/key_permissions): “View” on, “Trade” and “Transfer” off.",
    },
  },
  kraken: {
    id: "kraken",
    name: "Kraken",
    needsPassphrase: false,
    fields: [KEY("API Key"), SECRET("Private Key")],
    keyPageUrl: "https://pro.kraken.com/app/settings/api",
    steps: [
      "Open Settings → API (“Connections & API”) and click “Create API key”.",
      "Name the key and set the permissions as below.",
      "Click “Generate key” and copy the API Key and the Private Key into the form.",
    ],
    tick: ["Funds permissions: Query", "Query open orders & trades", "Query closed orders & trades", "Query ledger entries", "Export data"],
    leaveOff: ["Deposit", "Withdraw", "Create & modify orders", "Cancel & close orders", "Earn: Allocate / Deallocate"],
    notes: ["Keep the nonce window at its default and use this key for Lotwise only: two programs sharing a Kraken key cause “Invalid nonce” errors."],
    readOnlyCheck: {
      method: "probe",
      description:
        "Kraken has no permission report Lotwise can rely on yet, so Lotwise read the balance, then asked Kraken to validate (not place) an order and to list withdrawal methods; both must be refused with “Permission denied”.",
    },
  },
  okx: {
    id: "okx",
    name: "OKX",
    needsPassphrase: true,
    fields: [KEY("API key"), SECRET("Secret key"), PASSPHRASE],
    keyPageUrl: "https://www.okx.com/account/my-api",
    steps: [
      "Open Profile → API (“API and connections”) and click “Create API key”.",
      "Choose the main account, purpose “API trading”, and set the permissions as below.",
      "Type a passphrase (you will need it here) and confirm.",
      "Copy the API key, the Secret key and your passphrase into the form.",
    ],
    tick: ["Read"],
    leaveOff: ["Trade", "Withdraw"],
    notes: ["EEA and US accounts create keys on my.okx.com and app.okx.com; a key from another OKX site is reported as not existing."],
    readOnlyCheck: {
      method: "report",
      description: "OKX's account configuration for the key (GET /api/v5/account/config): its “perm” field must be exactly read_only.",
    },
  },
  bybit: {
    id: "bybit",
    name: "Bybit",
    needsPassphrase: false,
    fields: [KEY("API Key"), SECRET("API Secret")],
    keyPageUrl: "https://www.bybit.com/app/user/api-management",
    steps: [
      "Open Account → API and click “Create New Key”, then “System-generated API Keys”.",
      "Choose “API Transaction”, name the key and set the permissions as below.",
      "Submit, pass the security check and copy the API Key and API Secret into the form.",
    ],
    tick: ["Read-Only"],
    leaveOff: ["Read-Write", "Contract: Orders / Positions", "Unified Trading: Trade", "SPOT: Trade", "Wallet: Account Transfer", "Wallet: Subaccount Transfer", "Wallet: Withdrawal", "Exchange: Convert"],
    notes: ["Bybit keys without an IP restriction expire after three months; you will be asked for a new key then."],
    readOnlyCheck: {
      method: "report",
      description: "Bybit's key information (GET /v5/user/query-api): readOnly must be 1 and no trading or withdrawal permission listed.",
    },
  },
  kucoin: {
    id: "kucoin",
    name: "KuCoin",
    needsPassphrase: true,
    fields: [KEY("API Key"), SECRET("API Secret"), PASSPHRASE],
    keyPageUrl: "https://www.kucoin.com/account/api",
    steps: [
      "Open Account → API Management and click “Create API”, then “API Trading”.",
      "Name the key, type an API passphrase (you will need it here) and set the permissions as below.",
      "Confirm with your security checks and copy the API Key, API Secret and passphrase into the form.",
    ],
    tick: ["General"],
    leaveOff: ["Spot Trading", "Margin Trading", "Futures Trading", "Earn", "Transfer", "Withdrawal"],
    notes: [],
    readOnlyCheck: {
      method: "report",
      description: "KuCoin's key information (GET /api/v1/user/api-key): its permission list must be exactly General.",
    },
  },
  gemini: {
    id: "gemini",
    name: "Gemini",
    needsPassphrase: false,
    fields: [KEY("API Key", "An account-level key, starting with account-"), SECRET("API Secret")],
    keyPageUrl: "https://exchange.gemini.com/settings/api",
    steps: [
      "Open Settings → API and click “Create a new API key”.",
      "Choose the scope “Account” (not “Master”: Lotwise cannot use master keys) and the account to import.",
      "Set the roles as below; Gemini ticks “Trading” by default, untick it.",
      "Click “Confirm” and copy the API Key and API Secret into the form.",
    ],
    tick: ["Auditor"],
    leaveOff: ["Trading", "Fund Management"],
    notes: ["Gemini does not let the Auditor role be combined with others, so an Auditor key cannot trade or move funds."],
    readOnlyCheck: {
      method: "report",
      description: "Gemini's role report for the key (POST /v1/roles): Auditor only, no Trader or Fund Manager role.",
    },
  },
  bitstamp: {
    id: "bitstamp",
    name: "Bitstamp",
    needsPassphrase: false,
    fields: [KEY("API key"), SECRET("Secret")],
    keyPageUrl: "https://www.bitstamp.net/account/security/api/",
    steps: [
      "Open Settings → API access and click “Create new API key”.",
      "Tick only the permissions below, leave every other box unticked.",
      "Create the key, copy the API key and the Secret into the form, then activate the key from the confirmation e-mail.",
    ],
    tick: ["Account balance", "User transactions", "Crypto transactions"],
    leaveOff: ["Open orders", "Buy / Sell (limit, market, instant) orders", "Cancel order", "Withdrawal requests", "Crypto withdrawal", "Bank withdrawal", "Transfers to/from sub-accounts"],
    notes: ["Leave “Open orders” and “Withdrawal requests” unticked even though they only read: Lotwise uses their refusal as evidence that the key cannot trade or withdraw."],
    readOnlyCheck: {
      method: "probe",
      description:
        "Bitstamp has no permission report, so Lotwise read the balance, then checked that the order list and the withdrawal-request list are refused (“No permission found”). This shows no trading or withdrawal permission was detected; Bitstamp cannot prove it outright.",
    },
  },
};
