import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	changeIds,
	changesSince,
	mergeChangeIds,
	type EntryChange,
	type LoggedChange
} from './changes-since.ts';

/**
 * The « nouveautés » of a board, checked against a plain model of the same edits: three people
 * (the viewer A, and B and C) edit cards (a map entry each: a text label, a pile, an order) and a
 * text root, each on their own replica, sometimes without having received the others' latest
 * changes; the server applies their updates in turn and logs who made each.
 */

const PEOPLE = ['A', 'B', 'C'] as const;
type Person = (typeof PEOPLE)[number];
const VIEWER: Person = 'A';
const PLACEMENT = new Set(['pile', 'order']);

type Op =
	| { type: 'add'; who: number }
	| { type: 'type'; who: number; card: number; at: number; text: string }
	| { type: 'erase'; who: number; card: number; at: number }
	| { type: 'move'; who: number; card: number; pile: number }
	| { type: 'reorder'; who: number; card: number; order: number }
	| { type: 'remove'; who: number; card: number }
	| { type: 'note'; who: number; text: string }
	| { type: 'sync'; who: number };

const who = fc.nat({ max: PEOPLE.length - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
	{ weight: 3, arbitrary: fc.record({ type: fc.constant('add'), who }) },
	{
		weight: 3,
		arbitrary: fc.record({
			type: fc.constant('type'),
			who,
			card: fc.nat(),
			at: fc.nat(),
			text: fc.string({ minLength: 1, maxLength: 3 })
		})
	},
	{
		weight: 2,
		arbitrary: fc.record({ type: fc.constant('erase'), who, card: fc.nat(), at: fc.nat() })
	},
	{
		weight: 2,
		arbitrary: fc.record({ type: fc.constant('move'), who, card: fc.nat(), pile: fc.nat(3) })
	},
	{
		weight: 1,
		arbitrary: fc.record({ type: fc.constant('reorder'), who, card: fc.nat(), order: fc.nat(9) })
	},
	{ weight: 2, arbitrary: fc.record({ type: fc.constant('remove'), who, card: fc.nat() }) },
	{
		weight: 1,
		arbitrary: fc.record({ type: fc.constant('note'), who, text: fc.string({ maxLength: 3 }) })
	},
	{ weight: 3, arbitrary: fc.record({ type: fc.constant('sync'), who }) }
);

/** What the model knows of a card: who made and removed it, and what others did after the visit. */
interface ModelCard {
	createdAt: number;
	createdBy: Person;
	removedAt: number | null;
	removedBy: Person | null;
	/** Fields touched by people other than the viewer after the visit, and the last of them. */
	fields: Set<string>;
	lastOther: Person | null;
}

function cards(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
	return doc.getMap('cards');
}

function pick<T>(items: readonly T[], n: number): T | undefined {
	return items.length === 0 ? undefined : items[n % items.length];
}

function run(ops: readonly Op[], visitAt: number, compact: boolean) {
	const server = new Y.Doc();
	const replicas = PEOPLE.map((_, i) => {
		const doc = new Y.Doc();
		doc.clientID = i + 1;
		return doc;
	});
	const log: LoggedChange[] = [];
	const model = new Map<string, ModelCard>();
	let noteTouchedBy: Person | null = null;
	let seq = 0;
	let visitSeq = 0;
	let counter = 0;
	ops.forEach((step, index) => {
		if (index === visitAt) visitSeq = seq;
		const afterVisit = index >= visitAt;
		const person = PEOPLE[step.who]!;
		const doc = replicas[step.who]!;
		if (step.type === 'sync') {
			Y.applyUpdate(doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(doc)));
			return;
		}
		const keys = [...cards(doc).keys()].filter((key) => !cards(doc).get(key)!._item!.deleted);
		const key = 'card' in step ? pick(keys, step.card) : undefined;
		if ('card' in step && key === undefined) return;
		const card = key === undefined ? undefined : cards(doc).get(key)!;
		const touch = (field: string) => {
			const entry = model.get(key!)!;
			if (!afterVisit || person === VIEWER || entry.removedAt !== null) return;
			entry.fields.add(field);
			entry.lastOther = person;
		};
		const before = Y.encodeStateVector(doc);
		switch (step.type) {
			case 'add': {
				const id = `card-${counter++}`;
				const map = new Y.Map<unknown>();
				map.set('label', new Y.Text('carte'));
				map.set('pile', 'p0');
				map.set('order', 'a0');
				cards(doc).set(id, map);
				model.set(id, {
					createdAt: index,
					createdBy: person,
					removedAt: null,
					removedBy: null,
					fields: new Set(),
					lastOther: afterVisit && person !== VIEWER ? person : null
				});
				break;
			}
			case 'type': {
				const label = card!.get('label') as Y.Text;
				label.insert(step.at % (label.length + 1), step.text);
				touch('label');
				break;
			}
			case 'erase': {
				const label = card!.get('label') as Y.Text;
				if (label.length === 0) return;
				label.delete(step.at % label.length, 1);
				touch('label');
				break;
			}
			case 'move':
				card!.set('pile', `p${step.pile}`);
				touch('pile');
				break;
			case 'reorder':
				card!.set('order', `a${step.order}`);
				touch('order');
				break;
			case 'remove': {
				cards(doc).delete(key!);
				const entry = model.get(key!)!;
				// The first removal wins; a stale replica removing it again changes nothing.
				if (entry.removedAt === null) {
					entry.removedAt = index;
					entry.removedBy = person;
				}
				break;
			}
			case 'note':
				if (step.text.length === 0) return;
				doc.getText('notes').insert(0, step.text);
				if (afterVisit && person !== VIEWER) noteTouchedBy = person;
				break;
		}
		const update = Y.encodeStateAsUpdate(doc, before);
		// What the server logs is what the update changed on its document (the sync server's
		// speculative copy emits exactly that).
		let effective: Uint8Array | null = null;
		const capture = (u: Uint8Array) => (effective = u);
		server.on('update', capture);
		Y.applyUpdate(server, update);
		server.off('update', capture);
		if (!effective) return;
		seq++;
		log.push({ seq, userId: person, at: new Date(seq * 1000), ids: changeIds(effective) });
	});
	if (ops.length <= visitAt) visitSeq = seq;

	// Compaction merges the log into one state: the change log still reads on it.
	const now = compact ? new Y.Doc() : server;
	if (compact) Y.applyUpdate(now, Y.encodeStateAsUpdate(server));
	const found = changesSince(
		now,
		log.filter((change) => change.seq > visitSeq),
		VIEWER,
		PLACEMENT
	);

	const expected: Pick<EntryChange, 'root' | 'key' | 'action' | 'userId'>[] = [];
	for (const [key, card] of model) {
		const isNew = card.createdAt >= visitAt;
		if (card.removedAt !== null) {
			if (isNew || card.removedAt < visitAt || card.removedBy === VIEWER) continue;
			expected.push({ root: 'cards', key, action: 'deleted', userId: card.removedBy! });
		} else if (isNew && card.createdBy !== VIEWER) {
			expected.push({ root: 'cards', key, action: 'added', userId: card.lastOther! });
		} else if (card.lastOther) {
			const moved = [...card.fields].every((field) => PLACEMENT.has(field));
			expected.push({
				root: 'cards',
				key,
				action: moved ? 'moved' : 'changed',
				userId: card.lastOther
			});
		}
	}
	if (noteTouchedBy) {
		expected.push({ root: 'notes', key: null, action: 'changed', userId: noteTouchedBy });
	}
	const shown = (list: Pick<EntryChange, 'root' | 'key' | 'action' | 'userId'>[]) =>
		list.map(({ root, key, action, userId }) => `${root}/${key} ${action} ${userId}`).sort();
	return { found: shown(found), expected: shown(expected), sorted: found };
}

describe('changes since a visit', () => {
	it('lists exactly what others changed since the visit, entry by entry, before and after compaction', () => {
		fc.assert(
			fc.property(fc.array(op, { maxLength: 60 }), fc.nat(60), (ops, visitAt) => {
				const live = run(ops, visitAt, false);
				expect(live.found).toEqual(live.expected);
				expect(run(ops, visitAt, true).found).toEqual(live.expected);
				// Latest first.
				const times = live.sorted.map((change) => change.at.getTime());
				expect(times).toEqual([...times].sort((a, b) => b - a));
			}),
			{ numRuns: 300 }
		);
	});

	it('names the ids an update inserts and deletes, and merges runs of one person', () => {
		const doc = new Y.Doc();
		doc.clientID = 7;
		const updates: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => updates.push(update));
		const text = doc.getText('t');
		text.insert(0, 'abc');
		text.delete(1, 1);
		text.insert(2, 'd');
		const [inserted, removed, appended] = updates.map(changeIds);
		expect(inserted).toEqual({ added: [[7, 0, 3]], deleted: [] });
		expect(removed).toEqual({ added: [], deleted: [[7, 1, 1]] });
		expect(appended).toEqual({ added: [[7, 3, 1]], deleted: [] });
		expect(mergeChangeIds([inserted!, removed!, appended!])).toEqual({
			added: [[7, 0, 4]],
			deleted: [[7, 1, 1]]
		});
	});
});
