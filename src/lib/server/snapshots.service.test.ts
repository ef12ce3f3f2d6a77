import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { render } from 'svelte/server';
import BoardView from '../boards/BoardView.svelte';
import { Awareness } from 'y-protocols/awareness';
import { boardContent, boardContentText, editBoard } from '../../../tests/helpers/board-content.ts';
import { BoardSession } from '../boards/session.svelte.ts';
import {
	openTestDatabase,
	testDrivers,
	type TestDatabase
} from '../../../tests/helpers/database.ts';
import { reason } from '../../../tests/helpers/errors.ts';
import { newBilanWorld, newUser } from '../../../tests/helpers/factories.ts';
import { addCustomCard } from '../boards/values/model.ts';
import { boardKinds, findBoardKind } from '../boards/registry.ts';
import { ValidationError } from './bilans.validation.ts';
import { movePhase } from './bilans.service.ts';
import { createBoard, initialState } from './boards.service.ts';
import { createBoardStorage } from './db/board-storage.ts';
import { auditEvents, bilans, boards, boardSnapshots, boardUpdates } from './db/schema.ts';
import {
	defaultSnapshotLabel,
	getSnapshot,
	latestSnapshots,
	listBilanSnapshots,
	listSnapshots,
	restoreSnapshot,
	snapshotBilanBoards,
	summarizeState,
	takeSnapshot
} from './snapshots.service.ts';

describe.each(testDrivers())('snapshots on %s', (driver) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await openTestDatabase(driver);
	});
	afterAll(() => database.dispose());

	async function world() {
		const db = database.db;
		const { org, admin, consultant, beneficiary, bilan } = await newBilanWorld(db);
		const stranger = await newUser(db, 'beneficiary', org.id);
		const board = async (name = 'values') => {
			const kind = findBoardKind(name)!;
			if (!kind.managed) {
				const title = `Tableau ${name}`;
				return (await createBoard(db, consultant, bilan.id, { kind: name, title }, boardKinds)).id;
			}
			// A managed kind (the synthèse) is created by its own service, not the board form.
			const [row] = await db
				.insert(boards)
				.values({ bilanId: bilan.id, kind: name, title: name, lastSeq: 1 })
				.returning();
			await db.insert(boardUpdates).values({ boardId: row!.id, seq: 1, data: initialState(kind) });
			return row!.id;
		};
		return { db, admin, consultant, beneficiary, stranger, bilan, board };
	}

	/** Form controls of rendered HTML that could still be typed in or changed. */
	function editableControls(html: string): string[] {
		return [...html.matchAll(/<(?:input|textarea|select|button)\b[^>]*>/g)]
			.map((match) => match[0])
			.filter((tag) => !/\b(?:disabled|readonly|type="hidden")/.test(tag))
			.filter((tag) => !/aria-pressed|data-view/.test(tag));
	}

	it.each(boardKinds.map((kind) => [kind.kind, kind] as const))(
		'keeps a %s board exactly: state, summary stored, read-only render, summary of the state',
		async (name, kind) => {
			const { db, beneficiary, board } = await world();
			const content = boardContent[name];
			expect(content, `tests/helpers/board-content.ts needs content for "${name}"`).toBeDefined();
			const boardId = await board(name);
			await editBoard(db, boardId, content!);
			const original = new Y.Doc();
			Y.applyUpdate(original, (await createBoardStorage(db).readState(boardId)).state);
			const expected = kind.summarize(original);

			const snapshot = await takeSnapshot(db, beneficiary, boardId, { label: '  Séance 2  ' });
			expect(snapshot.label).toBe('Séance 2');
			expect(snapshot).toMatchObject({ kind: name, trigger: 'manual', createdBy: beneficiary.id });
			expect(JSON.stringify(expected)).not.toBe(
				JSON.stringify(summarizeState(kind, name, new Uint8Array([0, 0])))
			);
			const stored = await getSnapshot(db, beneficiary, snapshot.id);
			expect(stored.summary).toEqual(JSON.parse(JSON.stringify(expected)));
			expect(summarizeState(kind, name, stored.state)).toEqual(expected);
			expect(stored.createdByName).toBe('Bruno');

			// The read-only page's way: the state in a local document, the kind's own outline view.
			const doc = new Y.Doc();
			Y.applyUpdate(doc, stored.state);
			const session = new BoardSession({
				doc,
				awareness: new Awareness(doc),
				roots: kind.schema.roots,
				user: { name: 'Bruno', colour: '#1f5f8b' },
				readOnly: () => true
			});
			const view = await kind.view();
			const { body } = render(BoardView, {
				props: {
					view: view.default,
					session,
					mode: 'outline',
					role: 'beneficiary',
					boardId: 'b',
					viewerId: 'u'
				}
			});
			// The synthèse's text areas get their text from an effect, in the browser only.
			if (name !== 'synthese') expect(body).toContain(boardContentText[name]);
			expect(editableControls(body)).toEqual([]);
			expect(kind.summarize(doc)).toEqual(expected);
			session.destroy();
		}
	);

	it('labels: a default in Paris time, trimmed, 120 characters at most', async () => {
		const { db, consultant, board } = await world();
		const boardId = await board();
		expect(defaultSnapshotLabel(new Date('2026-11-25T13:05:00Z'))).toBe(
			'Instantané du 25/11/2026 14:05'
		);
		const unnamed = await takeSnapshot(db, consultant, boardId, { label: '   ' });
		expect(unnamed.label).toMatch(/^Instantané du \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
		await expect(
			takeSnapshot(db, consultant, boardId, { label: 'x'.repeat(121) })
		).rejects.toBeInstanceOf(ValidationError);
		await expect(takeSnapshot(db, consultant, boardId, { label: 12 })).rejects.toBeInstanceOf(
			ValidationError
		);
		expect(
			(await takeSnapshot(db, consultant, boardId, { label: 'x'.repeat(120) })).label
		).toHaveLength(120);
	});

	it('is immutable: the database refuses an update', async () => {
		const { db, consultant, board } = await world();
		const snapshot = await takeSnapshot(db, consultant, await board(), {});
		await expect(
			db.update(boardSnapshots).set({ label: 'Autre' }).where(eq(boardSnapshots.id, snapshot.id))
		).rejects.toThrow();
		expect((await getSnapshot(db, consultant, snapshot.id)).label).toBe(snapshot.label);
	});

	it('only for those who may open the board; by hand only while it can be edited', async () => {
		const { db, admin, consultant, beneficiary, stranger, bilan, board } = await world();
		const boardId = await board();
		const snapshot = await takeSnapshot(db, consultant, boardId, {});
		for (const outsider of [admin, stranger]) {
			expect(await reason(takeSnapshot(db, outsider, boardId, {}))).toBe('not_found');
			expect(await reason(listSnapshots(db, outsider, boardId))).toBe('not_found');
			expect(await reason(getSnapshot(db, outsider, snapshot.id))).toBe('not_found');
			expect(await reason(restoreSnapshot(db, outsider, snapshot.id))).toBe('not_found');
			expect(await listBilanSnapshots(db, outsider, bilan)).toEqual([]);
		}
		expect(await reason(getSnapshot(db, consultant, 'not-a-uuid'))).toBe('not_found');
		expect(await reason(getSnapshot(db, consultant, crypto.randomUUID()))).toBe('not_found');

		await db.update(bilans).set({ phase: 'clos' }).where(eq(bilans.id, bilan.id));
		expect(await reason(takeSnapshot(db, beneficiary, boardId, {}))).toBe('forbidden');
		expect(await reason(restoreSnapshot(db, beneficiary, snapshot.id))).toBe('forbidden');
		expect((await listSnapshots(db, beneficiary, boardId)).map((s) => s.id)).toEqual([snapshot.id]);
		expect((await getSnapshot(db, beneficiary, snapshot.id)).id).toBe(snapshot.id);
	});

	it('snapshots every board of a bilan at once, and finds the newest of each', async () => {
		const { db, consultant, bilan, board } = await world();
		const values = await board('values');
		const ikigai = await board('ikigai');
		const first = await snapshotBilanBoards(db, {
			bilanId: bilan.id,
			trigger: 'seance',
			label: 'Fin de séance',
			actorId: consultant.id
		});
		expect(first.map((s) => [s.boardId, s.trigger, s.phase])).toEqual([
			[values, 'seance', 'investigation'],
			[ikigai, 'seance', 'investigation']
		]);
		const manual = await takeSnapshot(db, consultant, values, { label: 'Plus récent' });
		const latest = await latestSnapshots(db, bilan.id);
		expect(new Map(latest.map((s) => [s.boardId, s.id]))).toEqual(
			new Map([
				[values, manual.id],
				[ikigai, first[1]!.id]
			])
		);
		expect(latest.every((s) => s.state.byteLength > 0)).toBe(true);
	});

	it('a phase change snapshots the boards in the phase being left', async () => {
		const { db, consultant, bilan, board } = await world();
		const boardId = await board();
		await movePhase(db, consultant, bilan.id, 'conclusion');
		const [snapshot] = await listSnapshots(db, consultant, boardId);
		expect(snapshot).toMatchObject({ trigger: 'phase', phase: 'investigation' });
		expect(snapshot!.label).toBe('Passage en phase de conclusion');
		const events = await db
			.select()
			.from(auditEvents)
			.where(
				sql`${auditEvents.targetId} = ${bilan.id} and ${auditEvents.action} = 'snapshot.create'`
			);
		expect(events).toHaveLength(1);
	});

	it('restores a board as a new change, after a snapshot of what it was', async () => {
		const { db, consultant, beneficiary, board } = await world();
		const boardId = await board('values');
		await editBoard(db, boardId, (doc) => void addCustomCard(doc, { label: 'Avant' }));
		const snapshot = await takeSnapshot(db, beneficiary, boardId, { label: 'Version 1' });
		await editBoard(db, boardId, (doc) => void addCustomCard(doc, { label: 'Après' }));
		const changed = await createBoardStorage(db).readState(boardId);

		const { seq, backup } = await restoreSnapshot(db, consultant, snapshot.id);
		expect(seq).toBe(changed.seq + 1);
		expect(backup).toMatchObject({ label: 'Avant restauration', seq: changed.seq });
		const restored = await createBoardStorage(db).readState(boardId);
		expect(summarizeState(findBoardKind('values'), 'values', restored.state)).toEqual(
			snapshot.summary
		);
		expect(JSON.stringify(backup.summary)).toContain('Après');
		expect(JSON.stringify(snapshot.summary)).not.toContain('Après');
		const labels = (await listSnapshots(db, consultant, boardId)).map((s) => s.label);
		expect(labels).toEqual(['Avant restauration', 'Version 1']);
	});

	it('restores over a BigInt an old board holds, and refuses to write one back (a clear error, nothing written)', async () => {
		const { db, consultant, beneficiary, board } = await world();
		const boardId = await board('values');
		let cardId = '';
		await editBoard(db, boardId, (doc) => void (cardId = addCustomCard(doc, { label: 'Avant' })));
		const clean = await takeSnapshot(db, beneficiary, boardId, { label: 'Propre' });
		// Written before updates were validated: a BigInt in the card's "pourquoi".
		const card = (doc: Y.Doc) => doc.getMap('cards').get(cardId) as Y.Map<unknown>;
		await editBoard(db, boardId, (doc) => card(doc).set('why', 10n));
		const tainted = await takeSnapshot(db, beneficiary, boardId, { label: 'Avec un BigInt' });

		await restoreSnapshot(db, consultant, clean.id);
		const restored = new Y.Doc();
		Y.applyUpdate(restored, (await createBoardStorage(db).readState(boardId)).state);
		expect(String(card(restored).get('why'))).toBe('');

		const before = await createBoardStorage(db).readState(boardId);
		const snapshots = await listSnapshots(db, consultant, boardId);
		const refused = await restoreSnapshot(db, consultant, tainted.id).catch((cause) => cause);
		expect(refused).toBeInstanceOf(ValidationError);
		expect(refused.fields.snapshot).toMatch(/ne peut pas être restauré/);
		expect(await createBoardStorage(db).readState(boardId)).toEqual(before);
		expect(await listSnapshots(db, consultant, boardId)).toEqual(snapshots);
	});
});
