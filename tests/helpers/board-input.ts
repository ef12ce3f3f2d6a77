import { expect } from 'vitest';
import { BoardInputError } from '../../src/lib/boards/model-kit.ts';

/** Runs a model operation that must be refused with a BoardInputError of the given reason. */
export function expectReason(run: () => unknown, reason: string): void {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(BoardInputError);
		expect((error as BoardInputError).reason).toBe(reason);
		return;
	}
	throw new Error(`expected a BoardInputError with reason ${reason}`);
}
