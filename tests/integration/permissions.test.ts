import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/lib/server/auth/session.ts';
import { bilans, type Bilan, type User } from '../../src/lib/server/db/schema.ts';
import { canViewBilan, visibleBilans } from '../../src/lib/server/permissions.ts';
import { newBilan, newOrganisation, newUser } from '../helpers/factories.ts';
import { openTestDatabase, testDrivers, type TestDatabase } from '../helpers/database.ts';

function actor(user: User): SessionUser {
	const { id, organisationId, email, name, role } = user;
	return { id, organisationId, email, name, role };
}

describe.each(testDrivers())('visibleBilans on %s', (driver) => {
	let database: TestDatabase;
	let people: Record<string, User>;
	let files: Record<string, Bilan>;

	beforeAll(async () => {
		database = await openTestDatabase(driver);
		const db = database.db;
		const a = await newOrganisation(db, 'Cabinet A');
		const b = await newOrganisation(db, 'Cabinet B');
		people = {
			adminA: await newUser(db, 'admin', a.id),
			consultant1: await newUser(db, 'consultant', a.id),
			consultant2: await newUser(db, 'consultant', a.id),
			idleConsultant: await newUser(db, 'consultant', a.id),
			beneficiary1: await newUser(db, 'beneficiary', a.id),
			beneficiary2: await newUser(db, 'beneficiary', a.id),
			beneficiary3: await newUser(db, 'beneficiary', a.id),
			adminB: await newUser(db, 'admin', b.id),
			consultantB: await newUser(db, 'consultant', b.id),
			beneficiaryB: await newUser(db, 'beneficiary', b.id)
		};
		const p = people;
		files = {
			a1: await newBilan(db, {
				organisationId: a.id,
				beneficiaryId: p.beneficiary1!.id,
				consultantId: p.consultant1!.id
			}),
			a2: await newBilan(db, {
				organisationId: a.id,
				beneficiaryId: p.beneficiary2!.id,
				consultantId: p.consultant1!.id,
				phase: 'clos'
			}),
			a3: await newBilan(db, {
				organisationId: a.id,
				beneficiaryId: p.beneficiary3!.id,
				consultantId: p.consultant2!.id
			}),
			// A second, not yet assigned bilan for the same beneficiary.
			a4: await newBilan(db, {
				organisationId: a.id,
				beneficiaryId: p.beneficiary1!.id,
				consultantId: null,
				phase: 'preliminaire'
			}),
			b1: await newBilan(db, {
				organisationId: b.id,
				beneficiaryId: p.beneficiaryB!.id,
				consultantId: p.consultantB!.id
			}),
			// Bad data: a bilan of B naming a consultant of A. Nobody of A may see it through that.
			b2: await newBilan(db, {
				organisationId: b.id,
				beneficiaryId: p.beneficiaryB!.id,
				consultantId: p.consultant1!.id
			})
		};
	});
	afterAll(() => database.dispose());

	async function listedFor(who: string): Promise<string[]> {
		const rows = await database.db
			.select({ id: bilans.id })
			.from(bilans)
			.where(visibleBilans(actor(people[who]!)));
		const names = Object.fromEntries(Object.entries(files).map(([name, b]) => [b.id, name]));
		return rows.map((r) => names[r.id]!).sort();
	}

	it.each([
		['adminA', ['a1', 'a2', 'a3', 'a4']],
		['adminB', ['b1', 'b2']],
		['consultant1', ['a1', 'a2']],
		['consultant2', ['a3']],
		['idleConsultant', []],
		['consultantB', ['b1']],
		['beneficiary1', ['a1', 'a4']],
		['beneficiary2', ['a2']],
		['beneficiary3', ['a3']],
		['beneficiaryB', ['b1', 'b2']]
	])('%s lists exactly %j', async (who, expected) => {
		expect(await listedFor(who)).toEqual(expected);
	});

	it('agrees with canViewBilan for every person and every bilan', async () => {
		for (const who of Object.keys(people)) {
			const listed = await listedFor(who);
			const allowed = Object.entries(files)
				.filter(([, file]) => canViewBilan(actor(people[who]!), file))
				.map(([name]) => name)
				.sort();
			expect(listed, who).toEqual(allowed);
		}
	});
});
