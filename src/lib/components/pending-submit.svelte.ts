import type { SubmitFunction } from '@sveltejs/kit';

/**
 * A form submission in flight, for `use:enhance`: the submit button reads `pending` to stay
 * disabled until SvelteKit has applied the result, so a double tap does not post twice.
 */
export class PendingSubmit {
	#pending = $state(false);
	#reset: boolean;

	/** `reset: false` keeps what was typed after the result (e.g. the e-mail after a failed sign-in). */
	constructor({ reset = true }: { reset?: boolean } = {}) {
		this.#reset = reset;
	}

	get pending(): boolean {
		return this.#pending;
	}

	enhance: SubmitFunction = () => {
		this.#pending = true;
		return async ({ update }) => {
			await update({ reset: this.#reset });
			this.#pending = false;
		};
	};
}
