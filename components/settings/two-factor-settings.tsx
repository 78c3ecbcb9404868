"use client";

import { useActionState, useState } from "react";
import {
  cancelTwoFactorSetupAction,
  confirmTwoFactorSetupAction,
  disableTwoFactorAction,
  regenerateRecoveryCodesAction,
  startTwoFactorSetupAction,
  type TwoFactorState,
} from "@/app/(app)/settings/actions";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";

/** A setup waiting for its first code: the only time the secret is sent to the browser. */
export interface TwoFactorSetupView {
  /** SVG data URL, rendered on the server. */
  qrDataUrl: string;
  /** Base32, in groups of four. */
  secret: string;
}

interface Props {
  enabled: boolean;
  /** YYYY-MM-DD */
  enabledOn: string | null;
  setup: TwoFactorSetupView | null;
  recoveryCodesLeft: number;
  recoveryCodesTotal: number;
  hasPassword: boolean;
  /** Names of the sign-in providers configured on this server ("GitHub", "Google"). */
  oauthProviders: string[];
}

function providerList(names: string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names.at(-1)}` : (names[0] ?? "an external provider");
}

/**
 * Every form's state lives here, not in per-status children: confirming a setup re-renders the page
 * as "on", and the recovery codes that came back must survive that to be shown (once).
 */
export function TwoFactorSettings({ enabled, enabledOn, setup, recoveryCodesLeft, recoveryCodesTotal, hasPassword, oauthProviders }: Props) {
  const [startState, startAction, starting] = useActionState<TwoFactorState, FormData>(startTwoFactorSetupAction, {});
  const [cancelState, cancelAction, cancelling] = useActionState<TwoFactorState, FormData>(cancelTwoFactorSetupAction, {});
  const [confirmState, confirmAction, confirming] = useActionState<TwoFactorState, FormData>(confirmTwoFactorSetupAction, {});
  const [regenState, regenAction, regenerating] = useActionState<TwoFactorState, FormData>(regenerateRecoveryCodesAction, {});
  const [disableState, disableAction, disabling] = useActionState<TwoFactorState, FormData>(disableTwoFactorAction, {});
  const [dismissedAt, setDismissedAt] = useState(0);
  // Both step-up forms share their fields; show the errors of the button pressed last.
  const [lastManage, setLastManage] = useState<"regen" | "disable">("regen");

  if (!hasPassword) {
    return (
      <p className="max-w-xl text-sm text-slate-600">
        Two-factor authentication here protects sign-in with a password. Your account signs in with {providerList(oauthProviders)}, so turn on two-factor
        authentication in that account instead.
      </p>
    );
  }

  const issued = [confirmState, regenState].filter((s) => s.recoveryCodes && (s.issuedAt ?? 0) > dismissedAt).sort((a, b) => (b.issuedAt ?? 0) - (a.issuedAt ?? 0))[0];
  if (enabled && issued?.recoveryCodes) {
    return <RecoveryCodes codes={issued.recoveryCodes} justEnabled={issued === confirmState} onDone={() => setDismissedAt(issued.issuedAt ?? Date.now())} />;
  }

  const oauthNote =
    oauthProviders.length > 0 ? (
      <p className="text-xs text-slate-500">
        Two-factor applies to signing in with your password. Signing in with {providerList(oauthProviders)} relies on that provider&apos;s own security, so turn on two-factor
        authentication there too.
      </p>
    ) : null;

  if (enabled) {
    const manage = lastManage === "regen" ? regenState : disableState;
    const fieldErrors = manage.fieldErrors ?? {};
    const low = recoveryCodesLeft <= 3;
    return (
      <div className="grid max-w-xl gap-4">
        <Alert tone="success">
          Two-factor authentication is on{enabledOn ? ` (since ${enabledOn})` : ""}.
        </Alert>
        <p className={`text-sm ${low ? "font-medium text-amber-700" : "text-slate-600"}`} data-testid="recovery-codes-left">
          {recoveryCodesLeft} of {recoveryCodesTotal} recovery codes left.
          {low ? " Generate new ones before you run out: without your phone, they are the only way in." : ""}
        </p>
        {oauthNote}
        <form className="grid gap-4 border-t border-slate-100 pt-4">
          <p className="text-sm text-slate-600">To generate new recovery codes or turn two-factor off, confirm it is you.</p>
          {manage.error && <Alert tone="error">{manage.error}</Alert>}
          <TextField label="Current password" name="tfPassword" type="password" autoComplete="current-password" error={fieldErrors.tfPassword} />
          <TextField
            label="Authentication code"
            name="tfCode"
            autoComplete="one-time-code"
            autoCapitalize="none"
            spellCheck={false}
            hint="The 6-digit code from your app, or a recovery code (which is then used up)."
            error={fieldErrors.tfCode}
          />
          <div className="flex flex-wrap gap-3">
            <Button type="submit" variant="secondary" formAction={regenAction} onClick={() => setLastManage("regen")} disabled={regenerating || disabling}>
              {regenerating ? "Generating…" : "Regenerate recovery codes"}
            </Button>
            <Button type="submit" variant="danger" formAction={disableAction} onClick={() => setLastManage("disable")} disabled={regenerating || disabling}>
              {disabling ? "Turning off…" : "Turn off two-factor"}
            </Button>
          </div>
        </form>
      </div>
    );
  }

  if (setup) {
    return (
      <div className="grid max-w-xl gap-4">
        {cancelState.error && <Alert tone="error">{cancelState.error}</Alert>}
        {confirmState.error && <Alert tone="error">{confirmState.error}</Alert>}
        <ol className="list-decimal space-y-4 pl-5 text-sm text-slate-700">
          <li>
            <p>Scan this QR code with an authenticator app (1Password, Aegis, Google Authenticator, Authy…).</p>
            {/* eslint-disable-next-line @next/next/no-img-element -- a server-rendered data URL, nothing for next/image to optimise */}
            <img src={setup.qrDataUrl} alt="QR code to add Lotwise to your authenticator app" width={192} height={192} className="mt-3 rounded-md ring-1 ring-slate-200" />
            <p className="mt-3 text-slate-600">Cannot scan it? Enter this key in the app by hand (time-based, 6 digits):</p>
            <code data-testid="totp-secret" className="mt-1 inline-block rounded bg-slate-100 px-2 py-1 font-mono text-sm tracking-wider text-slate-900 select-all">
              {setup.secret}
            </code>
          </li>
          <li>
            <p>Enter the 6-digit code the app shows for Lotwise.</p>
          </li>
        </ol>
        <form action={confirmAction} className="grid gap-4">
          <TextField
            label="Code from the app"
            name="setupCode"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={16}
            error={confirmState.fieldErrors?.setupCode}
            hint="Two-factor is turned on only once a code is confirmed."
          />
          <div className="flex flex-wrap gap-3">
            <Button type="submit" disabled={confirming || cancelling}>
              {confirming ? "Checking…" : "Turn on two-factor"}
            </Button>
            <Button type="submit" variant="ghost" formAction={cancelAction} disabled={confirming || cancelling}>
              Cancel
            </Button>
          </div>
        </form>
      </div>
    );
  }

  return (
    <form action={startAction} className="grid max-w-xl gap-4">
      {disableState.ok && <Alert tone="success">Two-factor authentication is off.</Alert>}
      {startState.error && <Alert tone="error">{startState.error}</Alert>}
      <p className="text-sm text-slate-600">
        Someone who learns your password still cannot sign in without your phone. If you lose it, one of your recovery codes gets you in.
      </p>
      {oauthNote}
      <div>
        <Button type="submit" variant="secondary" disabled={starting}>
          {starting ? "Preparing…" : "Set up two-factor authentication"}
        </Button>
      </div>
    </form>
  );
}

function RecoveryCodes({ codes, justEnabled, onDone }: { codes: string[]; justEnabled: boolean; onDone: () => void }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const text = `Lotwise recovery codes\nEach code signs you in once, in place of a code from your authenticator app.\n\n${codes.join("\n")}\n`;
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }
  return (
    <div className="grid max-w-xl gap-4">
      <Alert tone="success">{justEnabled ? "Two-factor authentication is on." : "New recovery codes generated; the old ones no longer work."}</Alert>
      <div>
        <h3 className="text-sm font-semibold text-slate-900">Save your recovery codes</h3>
        <p className="mt-1 text-sm text-slate-600">
          If you lose your phone, each of these codes signs you in once. Keep them somewhere safe, like a password manager. They are shown only now.
        </p>
      </div>
      <ol data-testid="recovery-codes" className="grid grid-cols-2 gap-x-6 gap-y-1 rounded-md bg-slate-50 p-4 font-mono text-sm text-slate-900 ring-1 ring-slate-200">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ol>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="button" variant="secondary" onClick={copy}>
          Copy
        </Button>
        <a href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`} download="lotwise-recovery-codes.txt" className={buttonClass("secondary")}>
          Download
        </a>
        <Button type="button" onClick={onDone}>
          I have saved them
        </Button>
        {copied === "yes" && <span className="text-sm text-emerald-700">Copied.</span>}
        {copied === "failed" && <span className="text-sm text-red-700">Could not copy; select the codes and copy them by hand.</span>}
      </div>
    </div>
  );
}
