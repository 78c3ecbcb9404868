/**
 * Prisma CLI only (migrate/deploy/studio) through the driver adapter, because this
 * machine cannot download Prisma's native schema engine (see ../shared/notes/offline-toolchain.md).
 * Works around @prisma/adapter-pg 6.x bugs:
 *  1. catalog types "char"/name/arrays fail to deserialize (prisma/prisma#27403): remap their OIDs to text;
 *  2. the stock connectToShadowDb() ignores `database` when a connectionString is set: create our own;
 *  3. executeScript splits on ";" and breaks $$ bodies: send the script whole.
 */
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";

type PgResult = { fields?: { dataTypeID: number }[] } | undefined;
type QueryFn = (this: unknown, cfg: unknown, ...rest: unknown[]) => unknown;
type TypeParserGetter = (oid: number, format?: unknown) => unknown;

const REMAP: Record<number, number> = { 18: 25, 19: 25, 1002: 1009, 1003: 1009 };

function fix<T extends PgResult>(r: T): T {
  for (const f of r?.fields ?? []) f.dataTypeID = REMAP[f.dataTypeID] ?? f.dataTypeID;
  return r;
}

function patch(client: { query: QueryFn }) {
  const query = client.query;
  client.query = function (cfg: unknown, ...rest: unknown[]) {
    let config = cfg;
    const getter = typeof cfg === "object" && cfg ? (cfg as { types?: { getTypeParser?: TypeParserGetter } }).types?.getTypeParser : undefined;
    if (getter) {
      config = { ...(cfg as object), types: { getTypeParser: (oid: number, f?: unknown) => getter(REMAP[oid] ?? oid, f) } };
    }
    const cb = rest.at(-1);
    if (typeof cb === "function") rest[rest.length - 1] = (e: unknown, r: PgResult) => cb(e, e ? r : fix(r));
    const out = query.call(this, config, ...rest) as Promise<PgResult> | undefined;
    return out && typeof out.then === "function" ? out.then(fix) : out;
  };
}

export class CatalogSafePool extends pg.Pool {
  constructor(config: pg.PoolConfig) {
    super(config);
    this.on("connect", (client) => patch(client as unknown as { query: QueryFn }));
  }
}

type Adapter = Awaited<ReturnType<PrismaPg["connect"]>> & {
  client: { query: (sql: string) => Promise<unknown> };
  onError: (e: unknown) => never;
};

export class MigratePrismaPg extends PrismaPg {
  readonly url: string;
  constructor(url: string) {
    super(new CatalogSafePool({ connectionString: url }), { disposeExternalPool: true });
    this.url = url;
  }

  override async connect() {
    const adapter = (await super.connect()) as Adapter;
    adapter.executeScript = async (sql: string) => {
      try {
        await adapter.client.query(sql);
      } catch (e) {
        adapter.onError(e);
      }
    };
    return adapter;
  }

  override async connectToShadowDb() {
    const name = `prisma_shadow_${Date.now()}`;
    const admin = new pg.Client({ connectionString: this.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const u = new URL(this.url);
    u.pathname = `/${name}`;
    const adapter = await new MigratePrismaPg(u.toString()).connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
      await admin.end();
    };
    return adapter;
  }
}
