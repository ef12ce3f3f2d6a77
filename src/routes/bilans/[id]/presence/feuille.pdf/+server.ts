import { attendancePdf } from '$lib/server/attendance-export';
import { attendanceDownload } from '../download';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	attendanceDownload(event, 'pdf', 'application/pdf', attendancePdf);
