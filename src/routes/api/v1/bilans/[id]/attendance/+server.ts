import { apiHandler, attendanceJson } from '$lib/server/api.http';
import { attendanceSheet } from '$lib/server/attendance.service';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/**
 * `GET /api/v1/bilans/:id/attendance`: the attendance sheet (metadata only, never board content),
 * for the organisation's admins, the consultant in charge and the beneficiary.
 */
export const GET: RequestHandler = apiHandler(async (user, { params }) => ({
	attendance: attendanceJson(await attendanceSheet(getDb(), user, params.id))
}));
