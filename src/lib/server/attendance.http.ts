import { fail, type RequestEvent } from '@sveltejs/kit';
import { m } from '../paraglide/messages.js';
import type { SignContext } from './attendance.service.ts';
import { actionFailure, formValues, requireUser, rethrowAsHttp } from './bilans.http.ts';
import { getDb, type Db } from './db/index.ts';
import type { Actor } from './permissions.ts';

/**
 * A download of the attendance sheet: an attachment that stays in the person's browser (private,
 * never cached by a proxy), named after the bilan or the cohort (`id`) so several downloads do not
 * collide; `notFound` is what a 404 says.
 */
export async function attendanceDownload(
	event: RequestEvent<{ id: string }>,
	extension: 'csv' | 'pdf',
	contentType: string,
	render: (db: Db, actor: Actor, id: string) => Promise<string | Uint8Array>,
	notFound: string
): Promise<Response> {
	const user = requireUser(event.locals.user, event.url);
	let body: string | Uint8Array;
	try {
		body = await render(getDb(), user, event.params.id);
	} catch (cause) {
		rethrowAsHttp(cause, notFound);
	}
	const name = `feuille-de-presence-${event.params.id.slice(0, 8)}.${extension}`;
	return new Response(body as BodyInit, {
		headers: {
			'content-type': contentType,
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
}

/**
 * The `sign` form action of an attendance sheet, a bilan's or a cohort's: the half-day named by
 * the séance field (`rendezVousId` or `cohortSeanceId`), `day` and `halfDay`, signed by `sign`
 * for the signed-in person themself, with their IP and browser as evidence. Who may sign is
 * `sign`'s to check; refusals go back to the form with what was sent.
 */
export async function signAttendanceAction(
	event: RequestEvent,
	seanceField: 'rendezVousId' | 'cohortSeanceId',
	sign: (
		db: Db,
		actor: Actor,
		input: Record<string, string>,
		context: SignContext
	) => Promise<unknown>
) {
	const user = requireUser(event.locals.user, event.url);
	const values = formValues(await event.request.formData(), [
		seanceField,
		'day',
		'halfDay',
		'confirm'
	]);
	// Signing is an explicit act: the box is never ticked for the person.
	if (values.confirm !== 'on') {
		return fail(400, {
			form: 'sign',
			values,
			errors: { confirm: m.attendance_sign_confirm_required() } as Record<string, string>
		});
	}
	try {
		await sign(getDb(), user, values, {
			ip: event.getClientAddress(),
			userAgent: event.request.headers.get('user-agent')
		});
	} catch (cause) {
		return actionFailure(cause, 'sign', values);
	}
	return { form: 'sign', values, success: m.attendance_sign_done() };
}
