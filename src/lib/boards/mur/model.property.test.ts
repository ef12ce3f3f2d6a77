import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { expectReplicasConverge, initialState } from '../../../../tests/helpers/yjs-peers.ts';
import {
	addCluster,
	initWall,
	itemsRoot,
	placeItem,
	postItem,
	readWall,
	reactionIds,
	removeCluster,
	renameCluster,
	setComment,
	toggleReaction,
	toggleVote,
	wallSchema,
	withdrawItem,
	type WallItem
} from './model.ts';

/**
 * Peer 0 is the server (`wall.service.ts`: posts, withdrawals, votes and reactions on behalf of
 * participants); peers 1 and 2 are the facilitator's two tabs (clusters, placements, comments).
 */
type Op =
	| { type: 'post'; anonymous: boolean }
	| { type: 'withdraw'; item: number }
	| { type: 'vote'; item: number; member: number }
	| { type: 'react'; item: number; member: number; reaction: number }
	| { type: 'addCluster' }
	| { type: 'removeCluster'; cluster: number }
	| { type: 'rename'; cluster: number; name: string }
	| { type: 'place'; item: number; cluster: number; index: number }
	| { type: 'comment'; item: number; text: string };

const members = ['0', '1', '2'].map((digit) => digit.repeat(32));
const op: fc.Arbitrary<Op> = fc.oneof(
	fc.record({ type: fc.constant('post'), anonymous: fc.boolean() }),
	fc.record({ type: fc.constant('withdraw'), item: fc.nat() }),
	fc.record({ type: fc.constant('vote'), item: fc.nat(), member: fc.nat() }),
	fc.record({
		type: fc.constant('react'),
		item: fc.nat(),
		member: fc.nat(),
		reaction: fc.nat()
	}),
	fc.record({ type: fc.constant('addCluster') }),
	fc.record({ type: fc.constant('removeCluster'), cluster: fc.nat() }),
	fc.record({ type: fc.constant('rename'), cluster: fc.nat(), name: fc.constantFrom('A', 'Sens') }),
	fc.record({
		type: fc.constant('place'),
		item: fc.nat(),
		cluster: fc.nat(),
		index: fc.integer({ min: 0, max: 5 })
	}),
	fc.record({
		type: fc.constant('comment'),
		item: fc.nat(),
		text: fc.constantFrom('', 'Oui', 'Non')
	})
);

function at<T>(items: readonly T[], n: number): T | undefined {
	return items.length === 0 ? undefined : items[n % items.length];
}

function allItems(doc: Y.Doc, reader: string | null = null): WallItem[] {
	const wall = readWall(doc, reader);
	return [...wall.clusters.flatMap((c) => c.items), ...wall.loose];
}

/** What the server did, on its own replica: the posts alive, and each item's votes. */
interface Log {
	posted: Set<string>;
	votes: Map<string, Set<string>>;
}

const SERVER = 0;

function apply(doc: Y.Doc, step: Op, peer: number, log: Log): void {
	const server = peer === SERVER;
	const items = allItems(doc);
	const clusters = readWall(doc).clusters;
	const item = 'item' in step ? at(items, step.item)?.id : undefined;
	const cluster = 'cluster' in step ? at(clusters, step.cluster)?.id : undefined;
	switch (step.type) {
		case 'post':
			if (!server) return;
			log.posted.add(
				postItem(
					doc,
					{ text: 'Idée', author: step.anonymous ? null : 'Léa', sourceKind: 'ikigai' },
					5
				)
			);
			return;
		case 'withdraw':
			if (!server || !item) return;
			withdrawItem(doc, item);
			log.posted.delete(item);
			log.votes.delete(item);
			return;
		case 'vote': {
			if (!server || !item) return;
			const member = at(members, step.member)!;
			const votes = log.votes.get(item) ?? new Set();
			if (toggleVote(doc, item, member)) votes.add(member);
			else votes.delete(member);
			log.votes.set(item, votes);
			return;
		}
		case 'react':
			if (!server || !item) return;
			toggleReaction(doc, item, at(reactionIds, step.reaction)!, at(members, step.member)!);
			return;
		case 'addCluster':
			if (!server) addCluster(doc, 'Groupe');
			return;
		case 'removeCluster':
			if (!server && cluster) removeCluster(doc, cluster);
			return;
		case 'rename':
			if (!server && cluster) renameCluster(doc, cluster, step.name);
			return;
		case 'place':
			if (!server && item) placeItem(doc, item, cluster ?? null, step.index);
			return;
		case 'comment':
			if (!server && item) setComment(doc, item, step.text);
			return;
	}
}

function expectValid(doc: Y.Doc): void {
	const wall = readWall(doc);
	const ids = allItems(doc).map((item) => item.id);
	expect(new Set(ids).size).toBe(ids.length);
	expect(ids.length).toBe(itemsRoot(doc).size);
	expect(wall.count).toBe(ids.length);
	for (const item of allItems(doc)) {
		expect(item.votes).toBeLessThanOrEqual(members.length);
		for (const reaction of item.reactions)
			expect(reaction.count).toBeLessThanOrEqual(members.length);
	}
}

const seedState = initialState(initWall);

describe('group wall under concurrent facilitator and server edits', () => {
	it('converges to a valid wall: every live post once, its votes as the server gave them', () => {
		expectReplicasConverge({
			op,
			seedState,
			newLog: (): Log => ({ posted: new Set(), votes: new Map() }),
			apply: (doc, step, log, peer) => apply(doc, step, peer, log),
			read: (doc) => readWall(doc, members[0]!),
			expectValid,
			schema: wallSchema,
			check: (wall, log, peers) => {
				// Read as the first member: `voted` tells whether the server gave them a vote.
				const present = allItems(peers.docs[0]!, members[0]!);
				// A facilitator never loses a post nor brings back a withdrawn one.
				expect(present.map((item) => item.id).sort()).toEqual([...log.posted].sort());
				for (const item of present) {
					const given = log.votes.get(item.id) ?? new Set();
					expect(item.votes).toBe(given.size);
					expect(item.voted).toBe(given.has(members[0]!));
				}
				expect(wall.count).toBe(present.length);
			}
		});
	});
});
