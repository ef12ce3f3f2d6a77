import { m } from '$lib/paraglide/messages';
import { attendanceDownload } from '$lib/server/attendance.http';
import { cohortAttendanceCsv } from '$lib/server/cohort-attendance-export';
import type { RequestHandler } from './$types';

/** The cohort's attendance sheet as CSV: its facilitator and the organisation's admins. */
export const GET: RequestHandler = (event) =>
	attendanceDownload(
		event,
		'csv',
		'text/csv; charset=utf-8',
		cohortAttendanceCsv,
		m.cohort_not_found()
	);
