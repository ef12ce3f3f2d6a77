/**
 * A domain failure that means something to the person who asked: it carries the HTTP status it
 * answers with and a French message they can read. The API handler (`api.http.ts` `apiHandler`)
 * and the pages (`bilans.http.ts` `rethrowAsHttp`) turn every one the same way; nothing else
 * maps domain errors to statuses.
 */
export abstract class DomainError extends Error {
	readonly status: number;

	constructor(status: number, message: string) {
		super(message);
		this.status = status;
	}

	/** Extra fields of the API's JSON error body (a form's field messages). */
	get details(): Record<string, unknown> {
		return {};
	}
}

/** A request the API cannot read (a body that is not JSON, not a form…): 400. */
export class BadRequestError extends DomainError {
	readonly reason = 'bad_request';

	constructor(message: string) {
		super(400, message);
	}
}
