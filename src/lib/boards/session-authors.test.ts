import { afterEach, describe, expect, it } from 'vitest';
import { linkedSessions } from '../../../tests/helpers/board-sessions.ts';
import { setSectionText, syntheseKind } from './synthese/model.ts';

let cleanup: (() => void)[] = [];
afterEach(() => {
	for (const done of cleanup) done();
	cleanup = [];
});

/** The authors Claire's session names for the remote changes she receives. */
function authorsSeenBy(people: string[]) {
	const { clients, destroy } = linkedSessions(
		syntheseKind,
		people.map((name) => ({ name }))
	);
	cleanup.push(destroy);
	const seen: string[] = [];
	clients[0]!.session.onTransaction((_transaction, remote) => {
		if (remote) seen.push(remote.author);
	});
	return { clients, seen };
}

describe('BoardSession: who made a remote change', () => {
	it('names the writer of an addition, and the one other person for a deletion', () => {
		const { clients, seen } = authorsSeenBy(['Claire', 'Nadia']);
		const nadia = clients[1]!.session;
		nadia.apply((doc) => setSectionText(doc, 'valeurs', 'Autonomie'));
		// A deletion moves no clock: Yjs only marks what it removes.
		nadia.apply((doc) => setSectionText(doc, 'valeurs', ''));
		expect(seen).toEqual(['Nadia', 'Nadia']);
	});

	it('says « Quelqu’un » for a deletion when several others are on the board', () => {
		const { clients, seen } = authorsSeenBy(['Claire', 'Nadia', 'Bruno']);
		clients[1]!.session.apply((doc) => setSectionText(doc, 'valeurs', 'Autonomie'));
		clients[2]!.session.apply((doc) => setSectionText(doc, 'valeurs', ''));
		expect(seen).toEqual(['Nadia', 'Quelqu’un']);
	});
});
