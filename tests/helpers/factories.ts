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

/** Names and bilan fields a test may choose for {@link newBilanWorld}. */
export interface BilanWorldOptions {
	organisation?: string;
	consultant?: string;
	beneficiary?: string;
	bilan?: Partial<Bilan>;
}

/**
 * The usual start of a bilan test: an organisation with its admin, a consultant (Claire) and a
 * beneficiary (Bruno) whose bilan that consultant follows.
 */
export async function newBilanWorld(db: Db, options: BilanWorldOptions = {}) {
	const org = await newOrganisation(db, options.organisation);
	const admin = await newUser(db, 'admin', org.id);
	const consultant = await newUser(db, 'consultant', org.id, {
		name: options.consultant ?? 'Claire'
	});
	const beneficiary = await newUser(db, 'beneficiary', org.id, {
		name: options.beneficiary ?? 'Bruno'
	});
	const bilan = await newBilan(db, {
		organisationId: org.id,
		beneficiaryId: beneficiary.id,
		consultantId: consultant.id,
		...options.bilan
	});
	return { org, admin, consultant, beneficiary, bilan };
}
