import "server-only";
import { cache } from "react";
import { readAccountState } from "@/lib/db/account-state";
import { getTaxSnapshot } from "./tax-snapshot";

/**
 * The signed-in user's session row, tax cache state and demo flag, read once per request (one
 * query): the session check, the layout, the page and the dashboard's demo banner share it.
 */
export const accountState = cache((userId: string) => readAccountState(userId));

/**
 * The signed-in user's result under their saved settings, once per request: the layout (the
 * warnings count in the navigation) and the page share it.
 */
export const pageSnapshot = cache(async (userId: string) => getTaxSnapshot(userId, {}, { mode: "page", state: (await accountState(userId))?.tax }));
