/** The shared seeded generator (lib/prng.ts): every bench run generates the same data. */
export { prng } from "../lib/prng";
