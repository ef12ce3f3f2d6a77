import { attendanceCsv } from '$lib/server/attendance-export';
import { attendanceDownload } from '$lib/server/attendance.http';
import { m } from '$lib/paraglide/messages';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	attendanceDownload(event, 'csv', 'text/csv; charset=utf-8', attendanceCsv, m.bilan_not_found());
