"use client";

import { useActionState, useState, type FormEvent } from "react";
import { signInAction, type AuthFormState } from "@/app/(auth)/actions";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";

export function SignInForm({ callbackUrl }: { callbackUrl?: string }) {
  // A new key starts over from the email and password step.
  const [attempt, setAttempt] = useState(0);
  return <SignInSteps key={attempt} callbackUrl={callbackUrl} onRestart={() => setAttempt((n) => n + 1)} />;
}

/**
 * Email and password first. When the account has two-factor on, the server answers `step: "code"`
 * and the form asks for a code, sending the email and password again with it (sign-in is one request
 * that checks all three), so they stay in this component's memory between the two steps.
 */
function SignInSteps({ callbackUrl, onRestart }: { callbackUrl?: string; onRestart: () => void }) {
  const [state, action, pending] = useActionState<AuthFormState, FormData>(signInAction, {});
  const [creds, setCreds] = useState<{ email: string; password: string } | null>(null);
  const askCode = state.step === "code";

  function remember(e: FormEvent<HTMLFormElement>) {
    const data = new FormData(e.currentTarget);
    if (data.has("password")) setCreds({ email: String(data.get("email") ?? ""), password: String(data.get("password") ?? "") });
  }

  return (
    <form action={action} onSubmit={askCode && creds ? undefined : remember} className="space-y-4" noValidate>
      {state.error && <Alert tone="error">{state.error}</Alert>}
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? ""} />
      {askCode && creds ? (
        <>
          <input type="hidden" name="email" value={creds.email} />
          <input type="hidden" name="password" value={creds.password} />
          <p className="text-sm text-slate-600">
            Two-factor authentication is on for <span className="font-medium text-slate-900">{creds.email}</span>. Enter the code from your authenticator app.
          </p>
        </>
      ) : (
        <>
          <TextField label="Email" name="email" type="email" autoComplete="email" required defaultValue={state.email} error={state.fieldErrors?.email} />
          <TextField label="Password" name="password" type="password" autoComplete="current-password" required error={state.fieldErrors?.password} />
        </>
      )}
      {askCode && (
        <TextField
          label="Authentication code"
          name="code"
          autoComplete="one-time-code"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          required
          maxLength={64}
          hint="Lost your phone? Enter one of your recovery codes instead."
          error={state.fieldErrors?.code}
        />
      )}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? (askCode ? "Checking…" : "Signing in…") : askCode ? "Verify" : "Sign in"}
      </Button>
      {askCode && (
        <button type="button" onClick={onRestart} className="w-full text-center text-sm text-slate-500 hover:text-slate-700 hover:underline">
          Use a different account
        </button>
      )}
    </form>
  );
}
