import { ValidationError } from '../../src/lib/server/bilans.validation.ts';
import { PermissionError } from '../../src/lib/server/permissions.ts';

/**
 * How a service call ended, as one word to compare: 'resolved', the typed reason of a
 * PermissionError or ValidationError ('forbidden', 'not_found', 'invalid'…), else the error text.
 */
export function reason(promise: Promise<unknown>): Promise<string> {
	return promise.then(
		() => 'resolved',
		(error: unknown) =>
			error instanceof PermissionError || error instanceof ValidationError
				? error.reason
				: String(error)
	);
}
