/**
 * True when a database error (or one it wraps: drizzle puts the driver's error in `cause`) is a
 * unique-index violation, SQLSTATE 23505, on PostgreSQL and PGlite alike.
 */
export function isUniqueViolation(error: unknown): boolean {
	for (let e: unknown = error; e instanceof Error; e = e.cause) {
		if ((e as { code?: unknown }).code === '23505') return true;
	}
	return false;
}
