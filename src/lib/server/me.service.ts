import { eq } from 'drizzle-orm';
import type { Db } from './db/index.ts';
import { organisations, type Role } from './db/schema.ts';
import type { Actor } from './permissions.ts';

/** Who is signed in, as the JSON API and the home page describe them. */
export interface Me {
	id: string;
	name: string;
	email: string;
	role: Role;
	organisation: { id: string; name: string };
}

export async function describeMe(db: Db, actor: Actor): Promise<Me> {
	const [organisation] = await db
		.select({ id: organisations.id, name: organisations.name })
		.from(organisations)
		.where(eq(organisations.id, actor.organisationId));
	// A session always belongs to a user of an existing organisation (foreign keys cascade).
	if (!organisation)
		throw new Error(`organisation ${actor.organisationId} of a session is missing`);
	return {
		id: actor.id,
		name: actor.name,
		email: actor.email,
		role: actor.role,
		organisation
	};
}
