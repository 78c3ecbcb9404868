"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import type { SessionUser } from "@/lib/db/users";
import { updateUserSettings, findUserByEmail, updatePasswordHash } from "@/lib/db/users";
import { allowedMethods, BASE_CURRENCIES, isValidTimeZone, JURISDICTIONS } from "@/lib/settings/options";
import { hashPassword, PASSWORD_MIN_LENGTH, verifyPassword } from "@/lib/auth/password";
import { signOut } from "@/lib/auth/config";
import { deleteAccount } from "@/lib/db/account";
import { generateTotpSecret } from "@/lib/auth/totp";
import { decideLoginThrottle, loginWindowStart } from "@/lib/auth/rate-limit";
import { countRecentFailures, recordLoginAttempt } from "@/lib/db/login-attempts";
import { cancelTotpSetup, confirmTotpSetup, disableTwoFactor, regenerateRecoveryCodes, startTotpSetup, verifySecondFactor } from "@/lib/db/two-factor";

export interface SettingsState {
  ok?: boolean;
  error?: string;
  fieldErrors?: Record<string, string[] | undefined>;
}

const Settings = z
  .object({
    jurisdiction: z.enum(JURISDICTIONS.map((j) => j.id) as ["US", "UK", "DE"]),
    baseCurrency: z.enum(BASE_CURRENCIES),
    costBasisMethod: z.enum(["FIFO", "LIFO", "HIFO"]),
    timeZone: z.string().refine(isValidTimeZone, "Pick a time zone from the list"),
    // An unticked checkbox is absent from the form.
    autoSync: z.literal("on").optional().transform((v) => v === "on"),
  })
  .transform((s) => ({
    ...s,
    // A method the jurisdiction does not allow falls back to the one it requires.
    costBasisMethod: allowedMethods(s.jurisdiction).includes(s.costBasisMethod) ? s.costBasisMethod : "FIFO",
  }));

export async function saveSettingsAction(_prev: SettingsState, form: FormData): Promise<SettingsState> {
  const user = await requireUser();
  const input = Settings.safeParse(Object.fromEntries(form));
  if (!input.success) return { fieldErrors: z.flattenError(input.error).fieldErrors };
  await updateUserSettings(user.id, input.data);
  revalidatePath("/", "layout");
  return { ok: true };
}

const PasswordChange = z
  .object({
    current: z.string().min(1, "Enter your current password"),
    password: z.string().min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`).max(1024),
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The passwords do not match" });

/** Changing the password revokes every existing session, this one included. */
export async function changePasswordAction(_prev: SettingsState, form: FormData): Promise<SettingsState> {
  const user = await requireUser();
  const input = PasswordChange.safeParse(Object.fromEntries(form));
  if (!input.success) return { fieldErrors: z.flattenError(input.error).fieldErrors };
  const account = await findUserByEmail(user.email);
  if (!account?.passwordHash || !(await verifyPassword(account.passwordHash, input.data.current))) {
    return { fieldErrors: { current: ["That is not your current password"] } };
  }
  await updatePasswordHash(user.id, await hashPassword(input.data.password));
  await signOut({ redirectTo: "/signin" });
  return { ok: true };
}

const DeleteAccount = z.object({
  confirm: z.literal("delete my account", { message: 'Type "delete my account" to confirm' }),
  password: z.string().optional(),
});

/** Removes the user and everything they own; a password account must confirm with its password. */
export async function deleteAccountAction(_prev: SettingsState, form: FormData): Promise<SettingsState> {
  const user = await requireUser();
  const input = DeleteAccount.safeParse(Object.fromEntries(form));
  if (!input.success) return { fieldErrors: z.flattenError(input.error).fieldErrors };
  const account = await findUserByEmail(user.email);
  if (account?.passwordHash && !(await verifyPassword(account.passwordHash, input.data.password ?? ""))) {
    return { fieldErrors: { password: ["That is not your password"] } };
  }
  await deleteAccount(user.id);
  await signOut({ redirectTo: "/signup" });
  return { ok: true };
}

// ---- Two-factor authentication (TOTP + recovery codes) ----------------------------------------

export interface TwoFactorState {
  ok?: boolean;
  error?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  /** Shown once, right after they are issued; only their hashes are stored. */
  recoveryCodes?: string[];
  /** When `recoveryCodes` were issued (orders the results of two forms). */
  issuedAt?: number;
}

const NoInput = z.object({});
const ConfirmSetup = z.object({ setupCode: z.string().trim().min(1, "Enter the 6-digit code from your authenticator app").max(64) });
const StepUp = z.object({
  tfPassword: z.string().min(1, "Enter your current password").max(1024),
  tfCode: z.string().trim().min(1, "Enter a code from your authenticator app, or a recovery code").max(64),
});

/** Two-factor guards password sign-in, so only accounts with a password can turn it on. */
async function hasPassword(user: SessionUser): Promise<boolean> {
  return Boolean((await findUserByEmail(user.email))?.passwordHash);
}

export async function startTwoFactorSetupAction(_prev: TwoFactorState, form: FormData): Promise<TwoFactorState> {
  const user = await requireUser();
  if (!NoInput.safeParse(Object.fromEntries(form)).success) return { error: "Unexpected input." };
  if (!(await hasPassword(user))) return { error: "Two-factor authentication protects password sign-in; this account has no password." };
  if ((await startTotpSetup(user.id, generateTotpSecret())) === "already-enabled") return { error: "Two-factor authentication is already on." };
  revalidatePath("/settings");
  return {};
}

export async function cancelTwoFactorSetupAction(_prev: TwoFactorState, form: FormData): Promise<TwoFactorState> {
  const user = await requireUser();
  if (!NoInput.safeParse(Object.fromEntries(form)).success) return { error: "Unexpected input." };
  await cancelTotpSetup(user.id);
  revalidatePath("/settings");
  return {};
}

export async function confirmTwoFactorSetupAction(_prev: TwoFactorState, form: FormData): Promise<TwoFactorState> {
  const user = await requireUser();
  const input = ConfirmSetup.safeParse(Object.fromEntries(form));
  if (!input.success) return { fieldErrors: z.flattenError(input.error).fieldErrors };
  const result = await confirmTotpSetup(user.id, input.data.setupCode);
  if (!result.ok && result.reason === "invalid") {
    return { fieldErrors: { setupCode: ["That code is not valid. Check the app shows Lotwise and your phone's clock is right, then try the current code."] } };
  }
  if (!result.ok) {
    // The setup changed under this form (another tab finished or restarted it): show the current state.
    revalidatePath("/settings");
    return { error: result.reason === "already-enabled" ? "Two-factor authentication is already on." : "This setup is no longer current. Start again." };
  }
  revalidatePath("/settings");
  return { ok: true, recoveryCodes: result.recoveryCodes, issuedAt: Date.now() };
}

/** The first hop of X-Forwarded-For, as sign-in (lib/auth/config.ts) reads it. */
function requestIp(h: Headers): string {
  return h.get("x-forwarded-for")?.split(",")[0]?.trim() || h.get("x-real-ip") || "local";
}

/**
 * Regenerating codes and turning two-factor off need the password and a second factor, checked
 * under the sign-in throttle: a wrong one counts as a failed sign-in for this account and address.
 */
async function checkStepUp(user: SessionUser, form: FormData): Promise<TwoFactorState | null> {
  const input = StepUp.safeParse(Object.fromEntries(form));
  if (!input.success) return { fieldErrors: z.flattenError(input.error).fieldErrors };
  const ip = requestIp(await headers());
  const now = new Date();
  const failures = await countRecentFailures(user.email, ip, loginWindowStart(now));
  const throttle = decideLoginThrottle({ failuresByEmail: failures.byEmail, failuresByIp: failures.byIp, oldestFailureByEmail: failures.oldestByEmail, now });
  if (!throttle.allowed) return { error: "Too many failed attempts. Wait 15 minutes and try again." };

  const account = await findUserByEmail(user.email);
  if (!account?.passwordHash || !(await verifyPassword(account.passwordHash, input.data.tfPassword))) {
    await recordLoginAttempt(user.email, ip, false);
    return { fieldErrors: { tfPassword: ["That is not your current password"] } };
  }
  const second = await verifySecondFactor(user.id, input.data.tfCode, now);
  if (!second.ok) {
    if (second.reason === "not-enabled") return { error: "Two-factor authentication is not on." };
    await recordLoginAttempt(user.email, ip, false);
    return { fieldErrors: { tfCode: ["That code is not valid (a code works once; a recovery code too)"] } };
  }
  return null;
}

export async function regenerateRecoveryCodesAction(_prev: TwoFactorState, form: FormData): Promise<TwoFactorState> {
  const user = await requireUser();
  const refused = await checkStepUp(user, form);
  if (refused) return refused;
  const codes = await regenerateRecoveryCodes(user.id);
  revalidatePath("/settings");
  if (!codes) return { error: "Two-factor authentication is not on." };
  return { ok: true, recoveryCodes: codes, issuedAt: Date.now() };
}

export async function disableTwoFactorAction(_prev: TwoFactorState, form: FormData): Promise<TwoFactorState> {
  const user = await requireUser();
  const refused = await checkStepUp(user, form);
  if (refused) return refused;
  await disableTwoFactor(user.id);
  revalidatePath("/settings");
  return { ok: true };
}
