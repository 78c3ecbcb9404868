"use client";

import { useActionState } from "react";
import { changePasswordAction, type SettingsState } from "@/app/(app)/settings/actions";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";

export function PasswordForm({ minLength }: { minLength: number }) {
  const [state, action, pending] = useActionState<SettingsState, FormData>(changePasswordAction, {});
  return (
    <form action={action} className="grid max-w-xl gap-4">
      <TextField label="Current password" name="current" type="password" autoComplete="current-password" error={state.fieldErrors?.current} />
      <TextField label="New password" name="password" type="password" autoComplete="new-password" minLength={minLength} error={state.fieldErrors?.password} hint={`At least ${minLength} characters. Every device is signed out.`} />
      <TextField label="Confirm new password" name="confirm" type="password" autoComplete="new-password" error={state.fieldErrors?.confirm} />
      <div>
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? "Changing…" : "Change password"}
        </Button>
      </div>
    </form>
  );
}
