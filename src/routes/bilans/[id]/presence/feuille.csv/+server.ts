import { attendanceCsv } from '$lib/server/attendance-export';
import { attendanceDownload } from '../download';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	attendanceDownload(event, 'csv', 'text/csv; charset=utf-8', attendanceCsv);
