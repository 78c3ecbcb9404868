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
}

const SignIn = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address"),
  password: z.string().min(1, "Enter your password"),
  callbackUrl: z.string().optional(),
});

const SignUp = z
  .object({
    name: z.string().trim().max(100).optional(),
    email: z.string().trim().toLowerCase().email("Enter a valid email address"),
    password: z.string().min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`).max(1024),
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The passwords do not match" });

async function signInWithPassword(email: string, password: string, callbackUrl: string | undefined): Promise<AuthFormState> {
  try {
    await signIn("credentials", { email, password, redirectTo: safeCallbackPath(callbackUrl) });
    return {};
  } catch (e) {
    // signIn() redirects by throwing; only AuthErrors are sign-in failures.
    if (!(e instanceof AuthError)) throw e;
    const code = (e as AuthError & { code?: string }).code;
    if (code === "rate_limited") return { error: "Too many failed sign-in attempts. Wait 15 minutes and try again.", email };
    // Never say whether the email or the password was wrong.
    return { error: "Wrong email or password.", email };
  }
}

export async function signInAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const input = SignIn.safeParse(Object.fromEntries(form));
  if (!input.success) return { fieldErrors: z.flattenError(input.error).fieldErrors, email: String(form.get("email") ?? "") };
  return signInWithPassword(input.data.email, input.data.password, input.data.callbackUrl);
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
