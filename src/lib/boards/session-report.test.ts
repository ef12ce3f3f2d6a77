import { afterEach, describe, expect, it } from 'vitest';
import { linkedSessions } from '../../../tests/helpers/board-sessions.ts';
import { SECTION_MAX, setSectionText, syntheseKind } from './synthese/model.ts';

let cleanup: (() => void)[] = [];
afterEach(() => {
	for (const done of cleanup) done();
	cleanup = [];
});

describe('BoardSession.report: the refusal shown above the board', () => {
	it('shows why an operation was refused until the next one goes through', () => {
		const { clients, destroy } = linkedSessions(syntheseKind, [{ name: 'Claire' }]);
		cleanup.push(destroy);
		const { session } = clients[0]!;
		// Bound: the kinds' views hand `report` to their parts as it is.
		const { report } = session;
		expect(session.problem).toBe('');

		const tooLong = 'x'.repeat(SECTION_MAX + 1);
		expect(report(session.apply((doc) => setSectionText(doc, 'etapes', tooLong)))).toBe(false);
		expect(session.problem).toBe('Ce texte est trop long.');

		expect(report(session.apply((doc) => setSectionText(doc, 'etapes', 'Se former')))).toBe(true);
		expect(session.problem).toBe('');
	});
});
