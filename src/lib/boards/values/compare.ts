import { m } from '../../paraglide/messages.js';
import { pairByKey } from '../compare-kit.ts';
import { placeLabel } from './changes.ts';
import type { ValuesSummary } from './model.ts';
import { UNSORTED, type Place } from './piles.ts';

function placed(summary: ValuesSummary): { label: string; place: Place }[] {
	return [
		...summary.unsorted.values.map((label) => ({ label, place: UNSORTED as Place })),
		...summary.piles.flatMap((pile) => pile.values.map((label) => ({ label, place: pile.id })))
	];
}

/** What changed between two snapshots of a values board: cards added, moved, removed, ranks. */
export function compareValues(before: ValuesSummary, after: ValuesSummary): string[] {
	const sentences: string[] = [];
	if (before.piles.length !== after.piles.length) {
		sentences.push(m.snapshot_compare_piles({ from: before.piles.length, to: after.piles.length }));
	}
	const cards = pairByKey(placed(before), placed(after), (card) => card.label);
	for (const card of cards.added) {
		sentences.push(
			m.snapshot_compare_added_in({ label: card.label, place: placeLabel(card.place) })
		);
	}
	for (const [old, card] of cards.kept) {
		if (old.place === card.place) continue;
		const from = placeLabel(old.place);
		sentences.push(
			m.snapshot_compare_moved({ label: card.label, from, to: placeLabel(card.place) })
		);
	}
	for (const card of cards.removed)
		sentences.push(m.snapshot_compare_removed({ label: card.label }));
	const ranks = pairByKey(before.top, after.top, (entry) => entry.label);
	for (const entry of ranks.added) {
		sentences.push(m.snapshot_compare_ranked({ label: entry.label, rank: entry.rank }));
	}
	for (const [old, entry] of ranks.kept) {
		if (old.rank === entry.rank) continue;
		sentences.push(
			m.snapshot_compare_rank_moved({ label: entry.label, from: old.rank, to: entry.rank })
		);
	}
	for (const entry of ranks.removed)
		sentences.push(m.snapshot_compare_unranked({ label: entry.label }));
	return sentences;
}
