import { error, fail, redirect } from '@sveltejs/kit';
import type { SessionUser } from './auth/session.ts';
import { ValidationError } from './bilans.validation.ts';
import { DomainError } from './errors.ts';

/**
 * How the bilan pages turn domain failures into HTTP: not found stays 404 whatever the cause (so
 * ids reveal nothing), validation problems go back to the form with what the person typed.
 */

/** The signed-in user, or a redirect to the login page that comes back here afterwards. */
export function requireUser(user: SessionUser | null, url: URL): SessionUser {
	if (!user) redirect(303, `/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
	return user;
}

/**
 * Rethrows a domain failure as a SvelteKit HTTP error with its status; anything else propagates
 * unchanged. `notFound` replaces the domain's French message of a 404 with the page's translated
 * one.
 */
export function rethrowAsHttp(cause: unknown, notFound?: string): never {
	if (cause instanceof DomainError) {
		error(cause.status, cause.status === 404 ? (notFound ?? cause.message) : cause.message);
	}
	throw cause;
}

/** Raw text values of a submitted form, for echoing back into the inputs on error. */
export function formValues(form: FormData, names: readonly string[]): Record<string, string> {
	const values: Record<string, string> = {};
	for (const name of names) {
		const value = form.get(name);
		values[name] = typeof value === 'string' ? value : '';
	}
	return values;
}

/** A failed form action: field errors and the values to show again. */
export function actionFailure(cause: unknown, form: string, values: Record<string, string>) {
	if (cause instanceof ValidationError) {
		return fail(400, { form, values, errors: { ...cause.fields } as Record<string, string> });
	}
	return rethrowAsHttp(cause);
}
