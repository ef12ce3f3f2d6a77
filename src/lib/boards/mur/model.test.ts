import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BoardInputError } from '../model-kit.ts';
import { describeWallChanges } from './changes.ts';
import { compareWall } from './compare.ts';
import {
	ITEM_TEXT_MAX,
	MAX_ITEMS,
	addCluster,
	initWall,
	placeItem,
	postItem,
	readWall,
	removeCluster,
	setComment,
	summarizeWall,
	toggleReaction,
	toggleVote,
	withdrawItem
} from './model.ts';

const alice = 'a'.repeat(32);
const bruno = 'b'.repeat(32);

function wall(): Y.Doc {
	const doc = new Y.Doc();
	initWall(doc);
	return doc;
}

function refusal(run: () => unknown): string {
	try {
		run();
	} catch (error) {
		if (error instanceof BoardInputError) return `${error.field}: ${error.reason}`;
		throw error;
	}
	return 'accepted';
}

describe('group wall model', () => {
	it('posts named and anonymous items, loose, oldest first', () => {
		const doc = wall();
		const second = postItem(
			doc,
			{ text: 'Besoin de sens', author: null, sourceKind: 'values' },
			20
		);
		const first = postItem(doc, { text: ' Liberté ', author: 'Inès', sourceKind: 'ikigai' }, 10);
		const { loose } = readWall(doc);
		expect(loose.map((item) => item.id)).toEqual([first, second]);
		expect(loose[0]).toMatchObject({ text: 'Liberté', author: 'Inès', sourceKind: 'ikigai' });
		expect(loose[1]!.author).toBeNull();
	});

	it('refuses an empty or too long text, a bad member key, an unknown item, a full wall', () => {
		const doc = wall();
		const post = (text: string) => postItem(doc, { text, author: null, sourceKind: 'values' }, 1);
		expect(refusal(() => post('  '))).toBe('text: empty');
		expect(refusal(() => post('x'.repeat(ITEM_TEXT_MAX + 1)))).toBe('text: too_long');
		const id = post('Oui');
		expect(refusal(() => toggleVote(doc, id, 'Alice'))).toBe('memberKey: invalid');
		expect(refusal(() => toggleVote(doc, 'post-nope', alice))).toBe('itemId: unknown_id');
		expect(refusal(() => toggleReaction(doc, id, 'feu' as 'idee', alice))).toBe(
			'reaction: invalid'
		);
		for (let i = 1; i < MAX_ITEMS; i++) post(`n° ${i}`);
		expect(refusal(() => post('Une de trop'))).toBe('items: limit_reached');
	});

	it('counts one +1 per member, toggled, and marks the reader’s own', () => {
		const doc = wall();
		const id = postItem(doc, { text: 'Oui', author: null, sourceKind: 'values' }, 1);
		expect(toggleVote(doc, id, alice)).toBe(true);
		expect(toggleVote(doc, id, bruno)).toBe(true);
		expect(readWall(doc, alice).loose[0]).toMatchObject({ votes: 2, voted: true });
		expect(toggleVote(doc, id, alice)).toBe(false);
		expect(readWall(doc, alice).loose[0]).toMatchObject({ votes: 1, voted: false });
		expect(toggleReaction(doc, id, 'idee', bruno)).toBe(true);
		const idee = readWall(doc, bruno).loose[0]!.reactions.find((r) => r.id === 'idee');
		expect(idee).toEqual({ id: 'idee', count: 1, mine: true });
	});

	it('groups items in clusters; removing a cluster puts its items back, nothing lost', () => {
		const doc = wall();
		const a = postItem(doc, { text: 'A', author: null, sourceKind: 'values' }, 1);
		const b = postItem(doc, { text: 'B', author: null, sourceKind: 'values' }, 2);
		const cluster = addCluster(doc, 'Sens');
		placeItem(doc, a, cluster);
		placeItem(doc, b, cluster, 0);
		expect(readWall(doc).clusters[0]!.items.map((item) => item.id)).toEqual([b, a]);
		setComment(doc, a, 'Très partagé');
		removeCluster(doc, cluster);
		const after = readWall(doc);
		expect(after.clusters).toEqual([]);
		expect(after.loose.map((item) => [item.id, item.comment])).toEqual([
			[a, 'Très partagé'],
			[b, '']
		]);
	});

	it('withdraws an item with its votes; the summary never holds member keys', () => {
		const doc = wall();
		const id = postItem(doc, { text: 'Retirée', author: 'Léa', sourceKind: 'values' }, 1);
		const kept = postItem(doc, { text: 'Gardée', author: null, sourceKind: 'values' }, 2);
		toggleVote(doc, kept, alice);
		toggleReaction(doc, kept, 'bravo', alice);
		withdrawItem(doc, id);
		const summary = summarizeWall(doc);
		expect(summary.loose).toEqual([
			{ text: 'Gardée', author: null, votes: 1, reactions: { bravo: 1 }, comment: '' }
		]);
		expect(JSON.stringify(summary)).not.toContain(alice);
	});

	it('says what changed, in words and for screen readers', () => {
		const doc = wall();
		const before = summarizeWall(doc);
		const previous = readWall(doc);
		const id = postItem(doc, { text: 'Idée', author: null, sourceKind: 'values' }, 1);
		placeItem(doc, id, addCluster(doc, 'Sens'));
		expect(compareWall(before, summarizeWall(doc))).toEqual([
			'Ajouté : « Sens ».',
			'Ajouté dans « Sens » : « Idée ».'
		]);
		expect(describeWallChanges(previous, readWall(doc))).toEqual([
			'Nouvelle contribution : « Idée ».'
		]);
	});
});
