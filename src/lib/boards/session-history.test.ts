import { afterEach, describe, expect, it, vi } from 'vitest';
import { linkedSessions } from '../../../tests/helpers/board-sessions.ts';
import { canvasKind } from './canvas/model.ts';
import type { ExternalHistory } from './session.svelte.ts';

let cleanup: (() => void)[] = [];
afterEach(() => {
	for (const done of cleanup) done();
	cleanup = [];
});

function fakeHistory() {
	let notify: (canUndo: boolean, canRedo: boolean) => void = () => {};
	const history: ExternalHistory & { set(canUndo: boolean, canRedo: boolean): void } = {
		undo: vi.fn(),
		redo: vi.fn(),
		subscribe(onChange) {
			notify = onChange;
			onChange(false, false);
			return () => (notify = () => {});
		},
		set: (canUndo, canRedo) => notify(canUndo, canRedo)
	};
	return history;
}

describe('BoardSession.useHistory', () => {
	it('hands undo/redo and their availability to the kind’s own history, then takes them back', () => {
		const { clients, destroy } = linkedSessions(canvasKind, [{ name: 'Claire' }]);
		cleanup.push(destroy);
		const session = clients[0]!.session;
		expect(session.awareness).toBe(clients[0]!.awareness);
		const history = fakeHistory();
		const stop = session.useHistory(history);
		history.set(true, false);
		expect(session.canUndo).toBe(true);
		session.undo();
		session.redo();
		expect(history.undo).toHaveBeenCalledOnce();
		expect(history.redo).toHaveBeenCalledOnce();
		stop();
		history.set(true, true);
		expect(session.canUndo).toBe(false);
		session.undo();
		expect(history.undo).toHaveBeenCalledOnce();
	});

	it('a read-only session does not undo, even through the kind’s history', () => {
		const { clients, destroy } = linkedSessions(canvasKind, [{ name: 'Lou', readOnly: true }]);
		cleanup.push(destroy);
		const history = fakeHistory();
		clients[0]!.session.useHistory(history);
		clients[0]!.session.undo();
		expect(history.undo).not.toHaveBeenCalled();
	});
});
