// `npm run db:migrate`: apply pending migrations to DATABASE_URL.
import { loadConfig } from '../config';
import { ensureDatabase, migrate } from './migrate';

async function main(): Promise<void> {
  const config = loadConfig();
  await ensureDatabase(config.DATABASE_URL);
  const r = await migrate(config.DATABASE_URL, {
    appPassword: config.DATABASE_APP_PASSWORD,
    log: (m) => console.log(m),
  });
  console.log(
    `migrations: ${r.applied.length} applied, ${r.alreadyApplied} already applied; ` +
      (r.rls === 'current' ? 'RLS policies already current' : 'RLS policies applied'),
  );
}

main().catch((e: unknown) => {
  console.error(`migration failed: ${(e as Error).message}`);
  process.exit(1);
});
