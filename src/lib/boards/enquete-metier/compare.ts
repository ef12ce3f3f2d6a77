import { m } from '../../paraglide/messages.js';
import { differs, pairByKey } from '../compare-kit.ts';
import type { EnqueteSummary } from './model.ts';

type PersonSummary = EnqueteSummary['people'][number];

function personName(person: PersonSummary): string {
	return [person.firstName, person.role, person.company].filter(Boolean).join(', ');
}

/**
 * What changed between two snapshots of an enquête métier: questions and people met added or
 * removed, an interview's notes, the conclusion, the verdict.
 */
export function compareEnquete(before: EnqueteSummary, after: EnqueteSummary): string[] {
	const sentences: string[] = [];
	const questions = pairByKey(before.questions ?? [], after.questions ?? [], (q) => q);
	for (const q of questions.added) sentences.push(m.snapshot_compare_added({ label: q }));
	for (const q of questions.removed) sentences.push(m.snapshot_compare_removed({ label: q }));
	const people = pairByKey(before.people ?? [], after.people ?? [], (p) => p.firstName);
	for (const p of people.added) sentences.push(m.snapshot_compare_added({ label: personName(p) }));
	for (const [old, p] of people.kept) {
		if (differs(old, p)) sentences.push(m.snapshot_compare_edited({ label: personName(p) }));
	}
	for (const p of people.removed) {
		sentences.push(m.snapshot_compare_removed({ label: personName(p) }));
	}
	if (before.confirme !== after.confirme) {
		sentences.push(m.snapshot_compare_edited({ label: m.board_enquete_confirme() }));
	}
	if (before.questionne !== after.questionne) {
		sentences.push(m.snapshot_compare_edited({ label: m.board_enquete_questionne() }));
	}
	const none = m.board_enquete_verdict_none();
	if (before.verdict !== after.verdict) {
		sentences.push(
			m.snapshot_compare_status({
				label: m.board_enquete_verdict(),
				from: before.verdict ?? none,
				to: after.verdict ?? none
			})
		);
	} else if (before.verdictWords !== after.verdictWords) {
		sentences.push(m.snapshot_compare_edited({ label: m.board_enquete_verdict() }));
	}
	return sentences;
}
