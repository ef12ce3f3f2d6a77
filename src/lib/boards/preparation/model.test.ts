import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { lockParts, touchedParts, changedEntries } from '../locks.ts';
import { BoardInputError } from '../model-kit.ts';
import { comparePreparation } from './compare.ts';
import {
	MAX_OBJECTIFS,
	addObjectif,
	initPreparation,
	moveObjectif,
	preparationKind,
	readPreparation,
	removeObjectif,
	setProblematique,
	setRubric,
	summarizePreparation,
	updateObjectif
} from './model.ts';
import { circonstancesText, contraintesText } from './proposals.ts';

function board(): Y.Doc {
	const doc = new Y.Doc();
	initPreparation(doc);
	return doc;
}

describe('préparation', () => {
	it('keeps rubrics, problématiques and ordered objectives, and summarises them', () => {
		const doc = board();
		setRubric(doc, 'situation', '  Comptable depuis 15 ans.  ');
		setRubric(doc, 'salaire', 'Pas moins de 2 000 € nets.');
		setProblematique(doc, 'sens', true);
		setProblematique(doc, 'reconversion', true);
		setProblematique(doc, 'sens', false);
		const second = addObjectif(doc, 'Choisir une formation');
		const first = addObjectif(doc, 'Faire le point', 0);
		const gone = addObjectif(doc, 'À retirer');
		removeObjectif(doc, gone);
		moveObjectif(doc, second, 0);
		updateObjectif(doc, first, 'Faire le point sur mes compétences');
		expect(readPreparation(doc).objectifs.map((o) => o.id)).toEqual([second, first]);
		const summary = summarizePreparation(doc);
		expect(summary.problematiques).toEqual(['Reconversion']);
		expect(summary.objectifs).toEqual([
			'Choisir une formation',
			'Faire le point sur mes compétences'
		]);
		expect(summary.rubrics.find((r) => r.id === 'situation')?.text).toBe(
			'Comptable depuis 15 ans.'
		);
		expect(summary.contraintes.map((c) => c.id)).toEqual([
			'marche',
			'mobilite',
			'salaire',
			'famille',
			'sante'
		]);
		expect(contraintesText(summary)).toBe('Attentes de salaire :\nPas moins de 2 000 € nets.');
		expect(circonstancesText(summary)).toBe(
			[
				'Problématique de départ :\nReconversion',
				'La situation aujourd’hui :\nComptable depuis 15 ans.',
				'Objectifs du bilan :\n• Choisir une formation\n• Faire le point sur mes compétences'
			].join('\n\n')
		);
	});

	it('refuses bad input with a typed reason, leaving the board as it was', () => {
		const doc = board();
		const reason = (run: () => void) => {
			try {
				run();
			} catch (error) {
				return error instanceof BoardInputError ? error.reason : 'other';
			}
			return 'accepted';
		};
		expect(reason(() => addObjectif(doc, '   '))).toBe('empty');
		expect(reason(() => addObjectif(doc, 'x'.repeat(301)))).toBe('too_long');
		expect(reason(() => setRubric(doc, 'inconnue' as never, 'x'))).toBe('invalid');
		expect(reason(() => setProblematique(doc, 'pirate' as never, true))).toBe('invalid');
		expect(reason(() => removeObjectif(doc, 'objectif-absent'))).toBe('unknown_id');
		for (let i = 0; i < MAX_OBJECTIFS; i++) addObjectif(doc, `Objectif ${i}`);
		expect(reason(() => addObjectif(doc, 'Un de trop'))).toBe('limit_reached');
		expect(readPreparation(doc).objectifs).toHaveLength(MAX_OBJECTIFS);
	});

	it('locks an objective on its own; a rubric only with the whole board', () => {
		const doc = board();
		const id = addObjectif(doc, 'Changer de région');
		expect(lockParts(preparationKind, doc).map((p) => p.label)).toEqual([
			'Tout le tableau',
			'Objectif : Changer de région'
		]);
		const edit = changedEntries(doc, () => updateObjectif(doc, id, 'Rester en région'));
		expect([...touchedParts(preparationKind, doc, doc, edit)]).toContain(`objectif:${id}`);
		const rubric = changedEntries(doc, () => setRubric(doc, 'sante', 'Mal de dos'));
		expect([...touchedParts(preparationKind, doc, doc, rubric)]).toHaveLength(1);
	});

	it('compares two snapshots in words', () => {
		const doc = board();
		addObjectif(doc, 'Faire le point');
		const before = summarizePreparation(doc);
		setRubric(doc, 'famille', 'Deux enfants en bas âge.');
		setProblematique(doc, 'retour-conge-parental', true);
		removeObjectif(doc, readPreparation(doc).objectifs[0]!.id);
		addObjectif(doc, 'Reprendre à temps partiel');
		expect(comparePreparation(before, summarizePreparation(doc))).toEqual([
			'« Organisation familiale » a été modifié.',
			'Ajouté : « Retour de congé parental ».',
			'Ajouté : « Reprendre à temps partiel ».',
			'Retiré : « Faire le point ».'
		]);
	});
});
