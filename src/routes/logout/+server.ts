import { redirect } from '@sveltejs/kit';
import { signOut } from '$lib/server/auth/sign-out';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** POST only: a link or an image cannot sign anyone out. */
export const POST: RequestHandler = async (event) => {
	await signOut(getDb(), event);
	redirect(303, '/login');
};
