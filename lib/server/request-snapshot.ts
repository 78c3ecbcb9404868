import "server-only";
import { cache } from "react";
import { getTaxSnapshot } from "./tax-snapshot";

/**
 * The signed-in user's result under their saved settings, once per request: the layout (the
 * warnings count in the navigation) and the page share it.
 */
export const pageSnapshot = cache((userId: string) => getTaxSnapshot(userId, {}, { mode: "page" }));
