/** Where `npm start` runs its embedded Postgres when DATABASE_URL is unset. */
export const EMBEDDED_PORT = 54329;
export const EMBEDDED_DATABASE_URL = `postgresql://postgres:postgres@127.0.0.1:${EMBEDDED_PORT}/lotwise`;
