// Prisma CLI configuration. Native engines cannot be downloaded on our machines, so
// the CLI uses the JS schema engine through the pg driver adapter (see
// ../shared/docs/prisma-offline.md). Only `prisma generate` and `prisma migrate diff`
// are used; migrations are applied by our own runner (`npm run db:migrate`).
import { defineConfig } from 'prisma/config';

// `prisma generate` needs a URL in the datasource (else it tries to download the query
// engine); it never connects, so the default is enough.
process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/commerce';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  experimental: { adapter: true },
  engine: 'js',
  async adapter() {
    const { PrismaPg } = await import('@prisma/adapter-pg');
    return new PrismaPg({ connectionString: process.env.DATABASE_URL });
  },
});
