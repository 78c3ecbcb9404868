"use server";

import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn } from "@/lib/auth/config";
import { hashPassword, PASSWORD_MIN_LENGTH } from "@/lib/auth/password";
import { createUserWithPassword } from "@/lib/db/users";
import { safeCallbackPath } from "@/lib/auth/callback-path";

export interface AuthFormState {
  error?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  email?: string;
  /** "code": the password was right and the account has two-factor on; the form asks for a code. */
  step?: "code";
}

const SignIn = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address"),
  password: z.string().min(1, "Enter your password"),
  callbackUrl: z.string().optional(),
  // Present (possibly empty) on the second step only.
  code: z.string().trim().max(64, "That code is too long").optional(),
});

const SignUp = z
  .object({
    name: z.string().trim().max(100).optional(),
    email: z.string().trim().toLowerCase().email("Enter a valid email address"),
    password: z.string().min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`).max(1024),
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The passwords do not match" });

async function signInWithPassword(email: string, password: string, callbackUrl: string | undefined, code?: string): Promise<AuthFormState> {
  try {
    // Only a second step carries `code` (signIn() would send an undefined value as the text "undefined").
    await signIn("credentials", { email, password, ...(code ? { code } : {}), redirectTo: safeCallbackPath(callbackUrl) });
    return {};
  } catch (e) {
    // signIn() redirects by throwing; only AuthErrors are sign-in failures.
    if (!(e instanceof AuthError)) throw e;
    const reason = (e as AuthError & { code?: string }).code;
    const step = code === undefined ? undefined : ("code" as const);
    if (reason === "rate_limited") return { error: "Too many failed sign-in attempts. Wait 15 minutes and try again.", email, step };
    if (reason === "totp_required") return { email, step: "code" };
    if (reason === "totp_invalid") {
      return { error: "That code is not valid. Enter the current code from your authenticator app, or an unused recovery code.", email, step: "code" };
    }
    // Never say whether the email or the password was wrong.
    return { error: "Wrong email or password.", email };
  }
}

export async function signInAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const input = SignIn.safeParse(Object.fromEntries(form));
  const secondStep = form.has("code") ? ("code" as const) : undefined;
  if (!input.success) return { fieldErrors: z.flattenError(input.error).fieldErrors, email: String(form.get("email") ?? ""), step: secondStep };
  const { email, password, callbackUrl, code } = input.data;
  if (secondStep && !code) return { fieldErrors: { code: ["Enter the 6-digit code from your authenticator app"] }, email, step: secondStep };
  return signInWithPassword(email, password, callbackUrl, code);
}

export async function signUpAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const input = SignUp.safeParse(Object.fromEntries(form));
  if (!input.success) return { fieldErrors: z.flattenError(input.error).fieldErrors, email: String(form.get("email") ?? "") };
  const { email, password, name } = input.data;
  const created = await createUserWithPassword({ email, name: name || null, passwordHash: await hashPassword(password) });
  if (created === "email-taken") return { fieldErrors: { email: ["An account with this email already exists. Sign in instead."] }, email };
  return signInWithPassword(email, password, "/dashboard");
}

export async function signInWithProviderAction(form: FormData): Promise<void> {
  const provider = z.enum(["github", "google"]).parse(form.get("provider"));
  await signIn(provider, { redirectTo: "/dashboard" });
}
