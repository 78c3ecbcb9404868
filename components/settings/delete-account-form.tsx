"use client";

import { useActionState } from "react";
import { deleteAccountAction, type SettingsState } from "@/app/(app)/settings/actions";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";

export function DeleteAccountForm({ hasPassword }: { hasPassword: boolean }) {
  const [state, action, pending] = useActionState<SettingsState, FormData>(deleteAccountAction, {});
  return (
    <form action={action} className="grid max-w-xl gap-4">
      <TextField label='Type "delete my account"' name="confirm" autoComplete="off" error={state.fieldErrors?.confirm} />
      {hasPassword && <TextField label="Your password" name="password" type="password" autoComplete="current-password" error={state.fieldErrors?.password} />}
      <div>
        <Button type="submit" variant="danger" disabled={pending}>
          {pending ? "Deleting…" : "Delete my account and all its data"}
        </Button>
      </div>
    </form>
  );
}
