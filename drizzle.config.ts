import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the schema and serve PostgreSQL and PGlite alike.
export default defineConfig({
	schema: './src/lib/server/db/schema.ts',
	out: './drizzle',
	dialect: 'postgresql',
	strict: true
});
