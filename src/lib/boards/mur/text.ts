import { reactions, type WallItemSummary, type WallSummary } from './model.ts';

const emoji = new Map<string, string>(reactions.map((r) => [r.id, r.emoji]));

/** One item as a line: its text, who posted it, its +1 and reactions, the facilitator's comment. */
export function itemLine(item: WallItemSummary): string {
	const counts = [
		item.votes > 0 ? `+${item.votes}` : '',
		...Object.entries(item.reactions).map(([id, count]) => `${emoji.get(id) ?? id} ${count}`)
	].filter(Boolean);
	const by = item.author ?? 'anonyme';
	const comment = item.comment ? ` — commentaire : ${item.comment}` : '';
	return `« ${item.text} » (${by}${counts.length ? ` ; ${counts.join(' ')}` : ''})${comment}`;
}

/** The wall cluster by cluster, then the items not grouped, as lines of text. */
export function wallSections(summary: WallSummary): { title: string; lines: string[] }[] {
	const sections = (summary.clusters ?? []).map((cluster) => ({
		title: cluster.name || 'Groupe sans nom',
		lines: cluster.items.map(itemLine)
	}));
	if ((summary.loose ?? []).length > 0) {
		sections.push({ title: 'Non regroupés', lines: summary.loose.map(itemLine) });
	}
	return sections;
}
