import { hashPassword } from '../../src/lib/server/auth/password.ts';
import type { Db } from '../../src/lib/server/db/index.ts';
import {
	bilans,
	organisations,
	users,
	type Bilan,
	type Role,
	type User
} from '../../src/lib/server/db/schema.ts';

/** Small factories: each test builds exactly the data it needs. */
export const TEST_PASSWORD = 'mot-de-passe-de-test';
let passwordHash: Promise<string> | undefined;

export async function newOrganisation(db: Db, name = 'Cabinet de test') {
	const [org] = await db.insert(organisations).values({ name }).returning();
	return org!;
}

export async function newUser(
	db: Db,
	role: Role,
	organisationId?: string,
	fields: Partial<Pick<User, 'email' | 'name'>> = {}
): Promise<User> {
	const orgId = organisationId ?? (await newOrganisation(db)).id;
	passwordHash ??= hashPassword(TEST_PASSWORD);
	const [user] = await db
		.insert(users)
		.values({
			organisationId: orgId,
			role,
			email: fields.email ?? `${role}-${crypto.randomUUID()}@test.atelier.fr`,
			name: fields.name ?? `Personne ${role}`,
			passwordHash: await passwordHash
		})
		.returning();
	return user!;
}

export async function newBilan(
	db: Db,
	fields: Pick<Bilan, 'organisationId' | 'beneficiaryId'> & Partial<Bilan>
): Promise<Bilan> {
	const [bilan] = await db
		.insert(bilans)
		.values({
			funding: 'cpf',
			format: 'distanciel',
			phase: 'investigation',
			startDate: '2026-10-01',
			plannedMinutes: 24 * 60,
			...fields
		})
		.returning();
	return bilan!;
}
