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

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser();
  const settings = await getUserSettings(user.id);
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
      </div>
    </>
  );
}
