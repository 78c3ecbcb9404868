import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { getUserSettings } from "@/lib/db/users";
import { timeZones } from "@/lib/settings/options";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password";
import { Card, PageHeader } from "@/components/ui/card";
import { SettingsForm } from "@/components/settings/settings-form";
import { PasswordForm } from "@/components/settings/password-form";
import { signOutEverywhereAction } from "@/app/(app)/actions";
import { buttonClass } from "@/components/ui/button";
import { DeleteAccountForm } from "@/components/settings/delete-account-form";
import { findUserByEmail } from "@/lib/db/users";
import { TwoFactorSettings, type TwoFactorSetupView } from "@/components/settings/two-factor-settings";
import { getPendingTotpSecret, getTwoFactorStatus } from "@/lib/db/two-factor";
import { formatSecretForDisplay, totpKeyUri, totpQrDataUrl } from "@/lib/auth/totp";
import { RECOVERY_CODE_COUNT } from "@/lib/auth/recovery-codes";
import { enabledOAuthProviders } from "@/lib/auth/config";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser();
  const [settings, account, twoFactor] = await Promise.all([getUserSettings(user.id), findUserByEmail(user.email), getTwoFactorStatus(user.id)]);
  if (!settings) return null;
  const hasPassword = Boolean(account?.passwordHash);
  // The secret reaches the browser only while a setup waits for its first code; never once it is on.
  let setup: TwoFactorSetupView | null = null;
  if (hasPassword && twoFactor.pendingSetup) {
    const secret = await getPendingTotpSecret(user.id);
    if (secret) setup = { secret: formatSecretForDisplay(secret), qrDataUrl: await totpQrDataUrl(totpKeyUri(user.email, secret)) };
  }
  return (
    <>
      <PageHeader title="Settings" description="Tax rules, currency and time zone used for every dashboard, report and export." />
      <div className="space-y-6">
        <Card title="Tax settings">
          <SettingsForm initial={settings} timeZones={timeZones()} />
        </Card>
        <h2 id="security" className="pt-2 text-lg font-semibold tracking-tight text-slate-900">
          Security
        </h2>
        <Card title="Password">
          <PasswordForm minLength={PASSWORD_MIN_LENGTH} />
        </Card>
        <Card title="Two-factor authentication" description="After your password, sign-in asks for a code from an authenticator app on your phone.">
          <TwoFactorSettings
            enabled={twoFactor.enabled}
            enabledOn={twoFactor.enabledAt?.toISOString().slice(0, 10) ?? null}
            setup={setup}
            recoveryCodesLeft={twoFactor.recoveryCodesLeft}
            recoveryCodesTotal={RECOVERY_CODE_COUNT}
            hasPassword={hasPassword}
            oauthProviders={enabledOAuthProviders().map((p) => p.name)}
          />
        </Card>
        <Card title="Sessions" description="Signed in on a device you no longer use? Sign out everywhere, this browser included.">
          <form action={signOutEverywhereAction}>
            <button type="submit" className={buttonClass("danger")}>
              Sign out everywhere
            </button>
          </form>
        </Card>
        <Card title="Your data" description="Download everything Lotwise holds about you as JSON: settings, accounts, imports, connections (without keys) and every transaction.">
          <a href="/api/account/export" className={buttonClass("secondary")} download>
            Export all my data
          </a>
        </Card>
        <Card title="Delete account" description="Deletes your ledger, imports, connections and their encrypted keys, then your account. This cannot be undone.">
          <DeleteAccountForm hasPassword={Boolean(account?.passwordHash)} />
        </Card>
      </div>
    </>
  );
}
