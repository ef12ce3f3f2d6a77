import { apiHandler } from '$lib/server/api.http';
import { getDb } from '$lib/server/db';
import { describeMe } from '$lib/server/me.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = apiHandler((user) => describeMe(getDb(), user));
