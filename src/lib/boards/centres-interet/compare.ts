import { m } from '../../paraglide/messages.js';
import { pairByKey } from '../compare-kit.ts';
import type { CentresSummary } from './model.ts';

function placed(summary: CentresSummary) {
	return summary.piles.flatMap((pile) =>
		pile.centres.map((label) => ({ label, place: pile.label }))
	);
}

/** What changed between two snapshots: centres moved, removed, put back, and the ranking. */
export function compareCentres(before: CentresSummary, after: CentresSummary): string[] {
	const sentences: string[] = [];
	const cards = pairByKey(placed(before), placed(after), (card) => card.label);
	for (const card of cards.added) {
		sentences.push(m.snapshot_compare_added_in({ label: card.label, place: card.place }));
	}
	for (const [old, card] of cards.kept) {
		if (old.place === card.place) continue;
		sentences.push(
			m.snapshot_compare_moved({ label: card.label, from: old.place, to: card.place })
		);
	}
	for (const card of cards.removed)
		sentences.push(m.snapshot_compare_removed({ label: card.label }));
	const ranks = pairByKey(before.attire, after.attire, (entry) => entry.label);
	for (const [old, entry] of ranks.kept) {
		if (old.rank === entry.rank) continue;
		sentences.push(
			m.snapshot_compare_rank_moved({ label: entry.label, from: old.rank, to: entry.rank })
		);
	}
	return sentences;
}
