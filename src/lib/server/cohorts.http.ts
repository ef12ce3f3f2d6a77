import type { CohortSeanceItem } from './cohorts.service.ts';
import type { Cohort } from './db/schema.ts';
import type { CohortRole } from './permissions.ts';

/**
 * The JSON shapes of a cohort (API v1): explicit fields, so that nothing added to the tables later
 * reaches the API by accident. Metadata only: dates, counts, names; never board content.
 */
export function cohortJson(cohort: Cohort, role: CohortRole) {
	return {
		id: cohort.id,
		name: cohort.name,
		startDate: cohort.startDate,
		capacity: cohort.capacity,
		facilitatorId: cohort.facilitatorId,
		endedAt: cohort.endedAt?.toISOString() ?? null,
		role
	};
}

export function cohortSeanceJson(seance: CohortSeanceItem) {
	return {
		id: seance.id,
		startsAt: seance.startsAt.toISOString(),
		durationMinutes: seance.durationMinutes,
		mode: seance.mode
	};
}
