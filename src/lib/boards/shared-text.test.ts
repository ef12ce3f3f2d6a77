import { afterEach, describe, expect, it, vi } from 'vitest';
import { linkedSessions } from '../../../tests/helpers/board-sessions.ts';
import { POINTER_INTERVAL_MS } from './presence.svelte.ts';
import { SharedText } from './shared-text.svelte.ts';
import { sectionField, syntheseKind } from './synthese/model.ts';

let cleanup: (() => void)[] = [];
afterEach(() => {
	for (const done of cleanup) done();
	cleanup = [];
	vi.useRealTimers();
});

function twoWriters() {
	const { clients, destroy } = linkedSessions(syntheseKind, [
		{ name: 'Claire' },
		{ name: 'Nadia' }
	]);
	cleanup.push(destroy);
	const field = sectionField('projets');
	const [claire, nadia] = clients.map((client) => new SharedText(client.session, field));
	return { claire: claire!, nadia: nadia!, clients };
}

/** Types `letter` where the caret is, the way the field does: its value changed, caret after. */
function typeAt(text: SharedText, letter: string): void {
	const before = text.value;
	const at = text.selection()?.end ?? before.length;
	const after = before.slice(0, at) + letter + before.slice(at);
	expect(text.input(before, after, at + letter.length)).toBeNull();
}

describe('SharedText', () => {
	it('keeps each person’s words whole when both type at the same spot, letter by letter', () => {
		const { claire, nadia } = twoWriters();
		claire.input('', 'Projet : ', 9);
		claire.select({ start: 9, end: 9, backward: false });
		nadia.select({ start: 9, end: 9, backward: false });
		const claireWords = 'infirmière';
		const nadiaWords = 'ÉDUCATRICE';
		for (let i = 0; i < claireWords.length; i++) {
			typeAt(claire, claireWords[i]!);
			typeAt(nadia, nadiaWords[i]!);
		}
		expect(claire.value).toBe(nadia.value);
		expect(claire.value).toContain(claireWords);
		expect(claire.value).toContain(nadiaWords);
		expect(claire.value.startsWith('Projet : ')).toBe(true);
	});

	it('keeps one’s caret on its letters when the other person types before it', () => {
		const { claire, nadia } = twoWriters();
		claire.input('', 'abc def', 7);
		claire.select({ start: 5, end: 5, backward: false });
		nadia.input(nadia.value, 'XYZ abc def', 3);
		expect(claire.selection()).toEqual({ start: 9, end: 9, backward: false });
	});

	it('shows the other person’s caret and selection in the field, with their name', () => {
		vi.useFakeTimers();
		const { claire, nadia } = twoWriters();
		claire.input('', 'Reprendre des études', 20);
		vi.advanceTimersByTime(POINTER_INTERVAL_MS);
		nadia.select({ start: 14, end: 20, backward: true });
		vi.advanceTimersByTime(POINTER_INTERVAL_MS);
		expect(claire.carets).toEqual([
			expect.objectContaining({ name: 'Nadia', anchor: 20, head: 14 })
		]);
		expect(nadia.carets).toEqual([expect.objectContaining({ name: 'Claire', head: 20 })]);
		nadia.leave();
		vi.advanceTimersByTime(POINTER_INTERVAL_MS);
		expect(claire.carets).toEqual([]);
	});

	it('undoes a burst of typing at once, and only one’s own', () => {
		const { claire, nadia } = twoWriters();
		typeAt(nadia, 'A');
		typeAt(nadia, 'B');
		claire.select({ start: 2, end: 2, backward: false });
		typeAt(claire, 'c');
		nadia.undo();
		expect(claire.value).toBe('c');
		nadia.redo();
		expect(claire.value).toBe('ABc');
	});

	it('undoes typing right after an operation apart from that operation', () => {
		const { claire, clients } = twoWriters();
		const session = clients[0]!.session;
		session.apply((doc) => doc.getText('projets').insert(0, 'Titre'));
		claire.select({ start: 5, end: 5, backward: false });
		typeAt(claire, '!');
		session.undo();
		expect(claire.value).toBe('Titre');
		session.undo();
		expect(claire.value).toBe('');
	});

	it('refuses text past the field’s maximum and leaves it as it was', () => {
		const { nadia } = twoWriters();
		nadia.input('', 'Court', 5);
		const long = 'x'.repeat(nadia.max + 1);
		expect(nadia.input('Court', long, long.length)).toMatch(/\S/);
		expect(nadia.value).toBe('Court');
	});

	it('refuses typing on a read-only board', () => {
		const { clients, destroy } = linkedSessions(syntheseKind, [
			{ name: 'Claire' },
			{ name: 'Admin', readOnly: true }
		]);
		cleanup.push(destroy);
		const reader = new SharedText(clients[1]!.session, sectionField('valeurs'));
		expect(reader.input('', 'x', 1)).toMatch(/\S/);
		expect(reader.value).toBe('');
	});
});
