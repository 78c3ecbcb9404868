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

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser();
  const [settings, account] = await Promise.all([getUserSettings(user.id), findUserByEmail(user.email)]);
  if (!settings) return null;
  return (
    <>
      <PageHeader title="Settings" description="Tax rules, currency and time zone used for every dashboard, report and export." />
      <div className="space-y-6">
        <Card title="Tax settings">
          <SettingsForm initial={settings} timeZones={timeZones()} />
        </Card>
        <Card title="Password">
          <PasswordForm minLength={PASSWORD_MIN_LENGTH} />
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
