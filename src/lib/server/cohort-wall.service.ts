import { and, eq, isNull } from 'drizzle-orm';
import { WALL_KIND } from '../boards/mur/model.ts';
import { CohortError, cohortFor, createCohortWall, type CohortAccess } from './cohorts.service.ts';
import type { Db } from './db/index.ts';
import { boards, cohorts, type Cohort } from './db/schema.ts';
import { canTakePartInWall, type Actor } from './permissions.ts';

/**
 * A cohort's group wall (issue 15, item 4): one `mur` board of the cohort, with no owner and no
 * exercise (a shared board: the facilitator edits it, participants read it and take part through
 * `wall.service.ts`). Made with the cohort (`createCohortWall`), or on first use for a cohort
 * made before walls.
 */

async function findWall(db: Db, cohortId: string): Promise<{ id: string; title: string } | null> {
	const [wall] = await db
		.select({ id: boards.id, title: boards.title })
		.from(boards)
		.where(
			and(
				eq(boards.cohortId, cohortId),
				eq(boards.kind, WALL_KIND),
				isNull(boards.ownerId),
				isNull(boards.exerciseId),
				isNull(boards.deletedAt)
			)
		);
	return wall ?? null;
}

/**
 * The cohort's wall, made now if the cohort has none yet — never once the cohort is closed: its
 * wall was destroyed with its content (`cohort-end.service.ts`) and must not come back empty.
 * No permission check.
 */
export async function cohortWall(db: Db, cohort: Cohort): Promise<{ id: string; title: string }> {
	const existing = await findWall(db, cohort.id);
	if (existing) return existing;
	if (cohort.closedAt) {
		throw new CohortError('not_found', 'Le mur de cette cohorte a été détruit à sa clôture.');
	}
	return db.transaction(async (tx) => {
		await tx
			.select({ id: cohorts.id })
			.from(cohorts)
			.where(eq(cohorts.id, cohort.id))
			.for('update');
		const again = await findWall(tx, cohort.id);
		if (again) return again;
		const created = await createCohortWall(tx, cohort);
		return { id: created.id, title: created.title };
	});
}

/** The wall the actor takes part in (post, withdraw, vote, react); `not_found` otherwise. */
export async function wallToTakePartIn(db: Db, access: CohortAccess): Promise<string> {
	if (!canTakePartInWall(access.role, access.cohort)) {
		if (access.role === 'participant' || access.role === 'facilitator') {
			throw new CohortError('over', 'Cette cohorte est terminée : son mur ne change plus.');
		}
		throw new CohortError(
			'not_found',
			'Cette cohorte est introuvable, ou vous n’y avez pas accès.'
		);
	}
	return (await cohortWall(db, access.cohort)).id;
}

/** `wallToTakePartIn` for the cohort `cohortId` (`not_found` for whoever may not see it). */
export async function wallOfCohort(db: Db, actor: Actor, cohortId: string): Promise<string> {
	return wallToTakePartIn(db, await cohortFor(db, actor, cohortId));
}
