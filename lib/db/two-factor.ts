import "server-only";
import { prisma } from "./prisma";
import { masterKeys } from "@/lib/server/keyring";
import { decryptSecret, encryptSecret, SecretboxError } from "@/lib/crypto";
import { decodeTotpState, encodeTotpState, normalizeTotpCode, verifyTotp, type TotpState } from "@/lib/auth/totp";
import { generateRecoveryCodes, hashRecoveryCode, matchRecoveryCode, normalizeRecoveryCode } from "@/lib/auth/recovery-codes";

/**
 * TOTP two-factor state of a user. User.totpSecretSealed holds the sealed `TotpState` (secret and last
 * accepted step); User.totpEnabledAt is null while a setup waits for its first code ("pending") and
 * set once a code confirmed it. The secret leaves this file only through `getPendingTotpSecret`, which
 * returns nothing once two-factor is on. Every write that depends on the stored state is a
 * compare-and-swap on the sealed value, so two requests cannot both spend the same code.
 */

export interface TwoFactorStatus {
  enabled: boolean;
  enabledAt: Date | null;
  /** A secret was generated and shown, but no code has confirmed it yet. */
  pendingSetup: boolean;
  recoveryCodesLeft: number;
}

export type ConfirmSetupResult = { ok: true; recoveryCodes: string[] } | { ok: false; reason: "no-setup" | "already-enabled" | "invalid" };

export type SecondFactorResult = { ok: true; method: "totp" | "recovery" } | { ok: false; reason: "not-enabled" | "malformed" | "invalid" | "replayed" | "unreadable" };

function seal(state: TotpState): string {
  return encryptSecret(encodeTotpState(state), masterKeys().current);
}

/** Null when the value cannot be opened (a key that is no longer loaded, or tampering); never throws the secret around. */
function unseal(sealed: string): TotpState | null {
  try {
    return decodeTotpState(decryptSecret(sealed, masterKeys().keyring));
  } catch (e) {
    if (e instanceof SecretboxError) {
      console.error(`[2fa] a TOTP secret could not be opened (${e.code})`);
      return null;
    }
    throw e;
  }
}

async function totpRow(userId: string) {
  return prisma.user.findUnique({ where: { id: userId }, select: { totpSecretSealed: true, totpEnabledAt: true } });
}

export async function getTwoFactorStatus(userId: string): Promise<TwoFactorStatus> {
  const [row, recoveryCodesLeft] = await Promise.all([totpRow(userId), prisma.recoveryCode.count({ where: { userId, usedAt: null } })]);
  const enabled = Boolean(row?.totpEnabledAt && row.totpSecretSealed);
  return {
    enabled,
    enabledAt: enabled ? (row?.totpEnabledAt ?? null) : null,
    pendingSetup: Boolean(!row?.totpEnabledAt && row?.totpSecretSealed),
    recoveryCodesLeft: enabled ? recoveryCodesLeft : 0,
  };
}

export async function isTwoFactorEnabled(userId: string): Promise<boolean> {
  const row = await totpRow(userId);
  return Boolean(row?.totpEnabledAt && row.totpSecretSealed);
}

/** Stores a fresh secret as pending (replacing an earlier pending one). Refuses while two-factor is on. */
export async function startTotpSetup(userId: string, secret: string): Promise<"started" | "already-enabled"> {
  const { count } = await prisma.user.updateMany({ where: { id: userId, totpEnabledAt: null }, data: { totpSecretSealed: seal({ secret, lastStep: null }) } });
  return count === 1 ? "started" : "already-enabled";
}

/** The secret of a setup in progress, for the QR code and manual entry; null once two-factor is on. */
export async function getPendingTotpSecret(userId: string): Promise<string | null> {
  const row = await totpRow(userId);
  if (!row?.totpSecretSealed || row.totpEnabledAt) return null;
  return unseal(row.totpSecretSealed)?.secret ?? null;
}

export async function cancelTotpSetup(userId: string): Promise<void> {
  await prisma.user.updateMany({ where: { id: userId, totpEnabledAt: null }, data: { totpSecretSealed: null } });
}

async function hashedRecoveryCodes(userId: string): Promise<{ codes: string[]; rows: { userId: string; codeHash: string }[] }> {
  const codes = generateRecoveryCodes();
  const hashes = await Promise.all(codes.map(hashRecoveryCode));
  return { codes, rows: hashes.map((codeHash) => ({ userId, codeHash })) };
}

/**
 * Turns two-factor on when `code` is valid for the pending secret, and issues a fresh set of
 * recovery codes. The plain codes are returned once, for the user to save; only hashes are stored.
 */
export async function confirmTotpSetup(userId: string, code: string, now = new Date()): Promise<ConfirmSetupResult> {
  const row = await totpRow(userId);
  if (row?.totpEnabledAt) return { ok: false, reason: "already-enabled" };
  if (!row?.totpSecretSealed) return { ok: false, reason: "no-setup" };
  const state = unseal(row.totpSecretSealed);
  if (!state) return { ok: false, reason: "no-setup" };
  const verdict = await verifyTotp(state.secret, code, { now, lastStep: null });
  if (!verdict.ok) return { ok: false, reason: "invalid" };

  const { codes, rows } = await hashedRecoveryCodes(userId);
  const enabled = await prisma.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      // Only the setup this code was checked against: a restart in between issued a different secret.
      where: { id: userId, totpEnabledAt: null, totpSecretSealed: row.totpSecretSealed },
      data: { totpEnabledAt: now, totpSecretSealed: seal({ secret: state.secret, lastStep: verdict.step }) },
    });
    if (count !== 1) return false;
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.recoveryCode.createMany({ data: rows });
    return true;
  });
  return enabled ? { ok: true, recoveryCodes: codes } : { ok: false, reason: "no-setup" };
}

/**
 * Checks a second factor: a 6-digit TOTP code (±1 step, never one from an already used step) or an
 * unused recovery code, which is then spent. Used by sign-in and by the settings that need it.
 */
export async function verifySecondFactor(userId: string, input: string, now = new Date()): Promise<SecondFactorResult> {
  const row = await totpRow(userId);
  if (!row?.totpEnabledAt || !row.totpSecretSealed) return { ok: false, reason: "not-enabled" };

  if (normalizeTotpCode(input)) {
    const state = unseal(row.totpSecretSealed);
    if (!state) return { ok: false, reason: "unreadable" };
    const verdict = await verifyTotp(state.secret, input, { now, lastStep: state.lastStep });
    if (!verdict.ok) return { ok: false, reason: verdict.reason };
    const { count } = await prisma.user.updateMany({
      where: { id: userId, totpSecretSealed: row.totpSecretSealed, totpEnabledAt: { not: null } },
      data: { totpSecretSealed: seal({ secret: state.secret, lastStep: verdict.step }) },
    });
    // Another request accepted a code in between: this one may be the same code, so it loses.
    return count === 1 ? { ok: true, method: "totp" } : { ok: false, reason: "replayed" };
  }

  if (normalizeRecoveryCode(input)) {
    const unused = await prisma.recoveryCode.findMany({ where: { userId, usedAt: null }, select: { id: true, codeHash: true } });
    const id = await matchRecoveryCode(input, unused);
    if (!id) return { ok: false, reason: "invalid" };
    const { count } = await prisma.recoveryCode.updateMany({ where: { id, userId, usedAt: null }, data: { usedAt: now } });
    return count === 1 ? { ok: true, method: "recovery" } : { ok: false, reason: "replayed" };
  }

  return { ok: false, reason: "malformed" };
}

/** Replaces every recovery code with a new set; null when two-factor is off. */
export async function regenerateRecoveryCodes(userId: string): Promise<string[] | null> {
  const { codes, rows } = await hashedRecoveryCodes(userId);
  const done = await prisma.$transaction(async (tx) => {
    const user = await tx.user.findFirst({ where: { id: userId, totpEnabledAt: { not: null } }, select: { id: true } });
    if (!user) return false;
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.recoveryCode.createMany({ data: rows });
    return true;
  });
  return done ? codes : null;
}

/** Turns two-factor off: forgets the secret and every recovery code. */
export async function disableTwoFactor(userId: string): Promise<void> {
  await prisma.$transaction([
    prisma.user.updateMany({ where: { id: userId }, data: { totpSecretSealed: null, totpEnabledAt: null } }),
    prisma.recoveryCode.deleteMany({ where: { userId } }),
  ]);
}
