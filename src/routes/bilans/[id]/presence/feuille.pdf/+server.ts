import { attendancePdf } from '$lib/server/attendance-export';
import { attendanceDownload } from '$lib/server/attendance.http';
import { m } from '$lib/paraglide/messages';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	attendanceDownload(event, 'pdf', 'application/pdf', attendancePdf, m.bilan_not_found());
