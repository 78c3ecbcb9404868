"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { updateUserSettings, findUserByEmail, updatePasswordHash } from "@/lib/db/users";
import { allowedMethods, BASE_CURRENCIES, isValidTimeZone, JURISDICTIONS } from "@/lib/settings/options";
import { hashPassword, PASSWORD_MIN_LENGTH, verifyPassword } from "@/lib/auth/password";
import { signOut } from "@/lib/auth/config";
import { deleteAccount } from "@/lib/db/account";

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
