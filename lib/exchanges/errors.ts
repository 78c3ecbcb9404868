import { EXCHANGE_CATALOG, type ExchangeId } from "./catalog";

/**
 * What the key wizard can say about a key, and the words it says. Messages
 * are ours, never an exchange's or ccxt's text (those can quote URLs, request
 * bodies and signatures), so they cannot leak a secret.
 */

export const FAILURE_CODES = [
  "invalid-key",
  "revoked-key",
  "ip-restricted",
  "not-read-only",
  "missing-read-permission",
  "exchange-down",
  "rate-limited",
  "timeout",
  "unknown-error",
] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

/** A finer cause within a code, when the exchange tells us. */
export type FailureDetail =
  /** The exchange gives one answer for a wrong, a deleted and an IP-restricted key. */
  | "ambiguous-auth"
  | "wrong-secret"
  | "wrong-passphrase"
  | "missing-passphrase"
  | "key-format"
  | "gemini-master-key"
  | "clock-skew"
  | "account-suspended"
  /** HTTP 451 / ccxt RestrictedLocation: the exchange refuses this server's country. */
  | "restricted-location";

export interface FailureMessage {
  title: string;
  message: string;
}

export function failureMessage(code: FailureCode, exchangeId: ExchangeId, detail?: FailureDetail): FailureMessage {
  const name = EXCHANGE_CATALOG[exchangeId].name;
  if (detail) {
    const specific = detailMessage(detail, name, exchangeId);
    if (specific) return specific;
  }
  switch (code) {
    case "invalid-key":
      return {
        title: "Key not accepted",
        message: `${name} did not recognise this API key. Check that you copied the whole key and secret from ${name}, with no extra spaces.`,
      };
    case "revoked-key":
      return {
        title: "Key deleted or expired",
        message: `${name} says this key no longer exists or has expired. Create a new read-only key on ${name} and enter it here.`,
      };
    case "ip-restricted":
      return {
        title: "Key restricted to other IP addresses",
        message: `${name} refused this key because it only accepts requests from certain IP addresses. Add this server's public IP address to the key's allowed list on ${name}, or create a key without an IP restriction.`,
      };
    case "not-read-only":
      return {
        title: "Key can do more than read",
        message: `This key has permissions beyond reading, so Lotwise will not store it. Remove them on ${name} (see below) and try again.`,
      };
    case "missing-read-permission":
      return {
        title: "Key cannot read your account",
        message: `${name} accepted the key but refused to show the balance. Give the key the read permissions listed in the instructions, then try again.`,
      };
    case "exchange-down":
      return {
        title: `${name} is unavailable`,
        message: `${name} could not be reached or is under maintenance. Your key was not checked; try again in a few minutes.`,
      };
    case "rate-limited":
      return {
        title: "Too many requests",
        message: `${name} is limiting requests from this server right now. Wait a minute and try again.`,
      };
    case "timeout":
      return {
        title: `${name} did not answer in time`,
        message: `${name} took too long to answer. Your key was not checked; try again.`,
      };
    case "unknown-error":
      return {
        title: "The key could not be checked",
        message: `Something unexpected happened while checking the key with ${name}. Nothing was stored; try again, and if it keeps happening check the server log.`,
      };
  }
}

function detailMessage(detail: FailureDetail, name: string, exchangeId: ExchangeId): FailureMessage | undefined {
  switch (detail) {
    case "ambiguous-auth":
      return {
        title: "Key not accepted",
        message: `${name} rejected this key. ${name} gives the same answer when the key is mistyped, when it was deleted, and when it is restricted to other IP addresses: check that you copied the key and secret completely, that the key still exists on ${name}, and, if it has an IP allowlist, that this server's public IP address is on it.`,
      };
    case "wrong-secret":
      return {
        title: "Secret does not match the key",
        message: `${name} recognised the API key but the signature made with the secret was wrong. Copy the secret again (it is shown only once when the key is created; if you no longer have it, create a new key).`,
      };
    case "wrong-passphrase":
      return {
        title: "Wrong passphrase",
        message:
          exchangeId === "kucoin"
            ? // KuCoin v2 keys send the passphrase signed with the secret, so a wrong secret is reported as a wrong passphrase.
              "KuCoin recognised the key but not the passphrase. Check the passphrase you chose when creating the key (not your account password) and the API secret: KuCoin reports a wrong secret the same way."
            : `${name} recognised the key but not the passphrase. Enter the passphrase you chose when creating the key (not your account password).`,
      };
    case "missing-passphrase":
      return { title: "Passphrase needed", message: `${name} keys come with a passphrase chosen when the key was created. Enter it too.` };
    case "key-format":
      return exchangeId === "coinbase"
        ? {
            title: "Use the key name and private key",
            message:
              "Coinbase needs the API key name (organizations/…/apiKeys/…) and the private key (the block from -----BEGIN EC PRIVATE KEY----- to -----END EC PRIVATE KEY-----). Check the two fields are not swapped.",
          }
        : { title: "Key not accepted", message: `This does not look like a ${name} API key. Check that you copied the whole key.` };
    case "gemini-master-key":
      return {
        title: "Use an account-level key",
        message: "This looks like a Gemini master key. Lotwise needs an account-scoped key (it starts with “account-”): create one with the “Auditor” role.",
      };
    case "clock-skew":
      return {
        title: "Server clock is off",
        message: `${name} rejected the request's timestamp or nonce. Check that this server's clock is synchronised (NTP), and that no other program uses the same key at the same time.`,
      };
    case "account-suspended":
      return {
        title: "Account restricted",
        message: `${name} says the account is frozen or restricted. Sign in to ${name} to see why; the key cannot be used until it is lifted.`,
      };
    case "restricted-location":
      return {
        title: "Region not served",
        message: `${name} refuses requests from the country or region this server is in. Run Lotwise where ${name} serves your account, or import ${name}'s CSV export instead.`,
      };
  }
}
