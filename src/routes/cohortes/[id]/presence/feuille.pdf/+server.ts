import { m } from '$lib/paraglide/messages';
import { attendanceDownload } from '$lib/server/attendance.http';
import { cohortAttendancePdf } from '$lib/server/cohort-attendance-export';
import type { RequestHandler } from './$types';

/** The cohort's attendance sheet as PDF: its facilitator and the organisation's admins. */
export const GET: RequestHandler = (event) =>
	attendanceDownload(event, 'pdf', 'application/pdf', cohortAttendancePdf, m.cohort_not_found());
