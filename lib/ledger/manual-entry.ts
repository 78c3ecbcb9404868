import Decimal from "decimal.js";
import { INCOME_TYPES, isFiat, TX_KINDS, type LedgerLegsText, type TxKind } from "./types";

/**
 * A transaction typed in by hand (the "Add transaction" form): validated field by field so the
 * form can show each problem next to its input. Amounts stay decimal strings; time is UTC.
 */

export type ManualField = "walletName" | "time" | "kind" | "sent" | "received" | "fee" | "fiatValue" | "label" | "description";
export type ManualTransactionErrors = Partial<Record<ManualField, string>>;

export interface ManualTransactionValue extends LedgerLegsText {
  walletName: string;
  time: Date;
  kind: TxKind;
}

const AMOUNT = /^(?:\d{1,20}(?:\.\d{1,18})?|\.\d{1,18})$/;
const ASSET = /^[A-Z0-9][A-Z0-9.\-]{0,19}$/;

/** Which legs each kind has: "required", "forbidden" or "optional". */
const LEGS: Record<TxKind, { sent: "required" | "forbidden"; received: "required" | "forbidden" }> = {
  trade: { sent: "required", received: "required" },
  buy: { sent: "required", received: "required" },
  sell: { sent: "required", received: "required" },
  deposit: { sent: "forbidden", received: "required" },
  withdrawal: { sent: "required", received: "forbidden" },
  income: { sent: "forbidden", received: "required" },
  spend: { sent: "required", received: "forbidden" },
  "gift-sent": { sent: "required", received: "forbidden" },
  "gift-received": { sent: "forbidden", received: "required" },
  lost: { sent: "required", received: "forbidden" },
  fee: { sent: "forbidden", received: "forbidden" },
};

function leg(amountText: string | undefined, assetText: string | undefined): { amount: string; asset: string } | { error: string } | null {
  const amount = (amountText ?? "").trim().replace(/,/g, "");
  const asset = (assetText ?? "").trim().toUpperCase();
  if (!amount && !asset) return null;
  if (!AMOUNT.test(amount) || new Decimal(amount).isZero()) return { error: "Enter an amount above zero, such as 0.25 (up to 18 decimals)." };
  if (!ASSET.test(asset)) return { error: "Enter the asset's ticker, such as BTC or USD." };
  return { amount: new Decimal(amount).toFixed(), asset };
}

export function parseManualTransaction(form: Record<string, string | undefined>): { ok: true; value: ManualTransactionValue } | { ok: false; errors: ManualTransactionErrors } {
  const errors: ManualTransactionErrors = {};
  const walletName = (form.walletName ?? "").trim();
  if (!walletName) errors.walletName = "Pick the account, or type a new one's name.";
  else if (walletName.length > 64) errors.walletName = "An account name is at most 64 characters.";

  const kind = form.kind as TxKind;
  if (!TX_KINDS.includes(kind)) errors.kind = "Pick what happened.";

  const timeText = (form.time ?? "").trim();
  const time = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(timeText) ? new Date(`${timeText}Z`) : new Date(Number.NaN);
  if (!Number.isFinite(time.getTime())) errors.time = "Enter the date and time (UTC).";
  else if (time.getTime() > Date.now() + 86_400_000) errors.time = "That time is in the future.";

  const sent = leg(form.sentAmount, form.sentAsset);
  const received = leg(form.receivedAmount, form.receivedAsset);
  const fee = leg(form.feeAmount, form.feeAsset);
  if (sent && "error" in sent) errors.sent = sent.error;
  if (received && "error" in received) errors.received = received.error;
  if (fee && "error" in fee) errors.fee = fee.error;

  const legs = TX_KINDS.includes(kind) ? LEGS[kind] : null;
  if (legs) {
    if (legs.sent === "required" && !sent) errors.sent = "This kind of transaction sends something: enter what and how much.";
    if (legs.sent === "forbidden" && sent) errors.sent = `A ${kind} sends nothing; leave this empty.`;
    if (legs.received === "required" && !received) errors.received = "This kind of transaction receives something: enter what and how much.";
    if (legs.received === "forbidden" && received) errors.received = `A ${kind} receives nothing; leave this empty.`;
    if (kind === "fee" && !fee) errors.fee = "Enter the fee paid.";
    const s = sent && !("error" in sent) ? sent.asset : null;
    const r = received && !("error" in received) ? received.asset : null;
    if (kind === "buy" && s && !isFiat(s)) errors.sent = "A buy pays with money (USD, EUR…); for crypto paid, choose trade.";
    if (kind === "sell" && r && !isFiat(r)) errors.received = "A sell receives money (USD, EUR…); for crypto received, choose trade.";
    if (s && r && s === r) errors.received = "A trade exchanges two different assets.";
  }

  const fiatText = (form.fiatValue ?? "").trim().replace(/,/g, "");
  const fiatCurrency = (form.fiatCurrency ?? "").trim().toUpperCase();
  if (fiatText && (!AMOUNT.test(fiatText) || !isFiat(fiatCurrency))) errors.fiatValue = "Enter the value as a number in a currency such as USD.";

  const label = (form.label ?? "").trim().toLowerCase();
  if (kind === "income" && !(INCOME_TYPES as readonly string[]).includes(label)) errors.label = `Income needs its type: ${INCOME_TYPES.join(", ")}.`;
  if (label.length > 40) errors.label = "A label is at most 40 characters.";
  const description = (form.description ?? "").trim();
  if (description.length > 500) errors.description = "A description is at most 500 characters.";

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const ok = <T>(l: typeof sent, f: (x: { amount: string; asset: string }) => T): T | null => (l && !("error" in l) ? f(l) : null);
  return {
    ok: true,
    value: {
      walletName,
      time,
      kind,
      sentAsset: ok(sent, (x) => x.asset),
      sentAmount: ok(sent, (x) => x.amount),
      receivedAsset: ok(received, (x) => x.asset),
      receivedAmount: ok(received, (x) => x.amount),
      feeAsset: ok(fee, (x) => x.asset),
      feeAmount: ok(fee, (x) => x.amount),
      fiatValue: fiatText ? new Decimal(fiatText).toFixed() : null,
      fiatCurrency: fiatText ? fiatCurrency : null,
      label: label || null,
      description: description || null,
    },
  };
}

/**
 * The kind a row takes when the user labels it, as tax tools' tags work: a deposit labelled
 * staking (mining, airdrop, interest, income) is income at its value when received; a deposit
 * labelled gift is a gift received; a withdrawal labelled gift is a gift sent and one labelled
 * lost is lost or stolen. Removing such a label turns the row back into a plain deposit or
 * withdrawal. Other kinds keep theirs.
 */
export function kindForLabel(kind: TxKind, label: string | null): TxKind {
  const l = label ?? "";
  const incoming = kind === "deposit" || kind === "income" || kind === "gift-received";
  const outgoing = kind === "withdrawal" || kind === "gift-sent" || kind === "lost";
  if (incoming) return (INCOME_TYPES as readonly string[]).includes(l) ? "income" : l === "gift" ? "gift-received" : "deposit";
  if (outgoing) return l === "gift" ? "gift-sent" : l === "lost" ? "lost" : "withdrawal";
  return kind;
}
