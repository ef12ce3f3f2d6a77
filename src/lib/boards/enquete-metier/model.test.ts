import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	expectSchemaAccepts,
	schemaViolations,
	updatesOf
} from '../../../../tests/helpers/yjs-peers.ts';
import { BoardInputError } from '../model-kit.ts';
import { compareEnquete } from './compare.ts';
import {
	addPerson,
	addQuestion,
	enqueteSchema,
	initEnquete,
	initLinkedEnquete,
	linkRoot,
	moveQuestion,
	readEnquete,
	removePerson,
	removeQuestion,
	setConclusion,
	setVerdict,
	suggestedQuestions,
	summarizeEnquete,
	updatePerson,
	updateQuestion
} from './model.ts';
import { enqueteText } from './proposals.ts';
import { boardKinds } from '../registry.ts';
import { prefillTexts } from '../synthese/prefill.ts';

function newEnquete(): Y.Doc {
	const doc = new Y.Doc();
	initEnquete(doc);
	return doc;
}

const link = { planBoardId: 'plan-1', pisteId: 'piste-1', pisteTitle: 'Devenir formatrice' };

describe('enquête métier', () => {
	it('starts from the suggested questions, in their order, unlinked and undecided', () => {
		const enquete = readEnquete(newEnquete());
		expect(enquete.questions.map((q) => q.text)).toEqual(suggestedQuestions);
		expect(enquete.link).toBeNull();
		expect(enquete.verdict).toBeNull();
		expect(enquete.people).toEqual([]);
	});

	it('edits, adds, reorders and removes questions', () => {
		const doc = newEnquete();
		const [first, second] = readEnquete(doc).questions;
		updateQuestion(doc, first!.id, 'Pourquoi ce métier ?');
		const added = addQuestion(doc, 'Quel salaire pour débuter ?', 0);
		moveQuestion(doc, second!.id, 0);
		removeQuestion(doc, first!.id);
		const texts = readEnquete(doc).questions.map((q) => q.text);
		expect(texts.slice(0, 2)).toEqual([second!.text, 'Quel salaire pour débuter ?']);
		expect(texts).not.toContain('Pourquoi ce métier ?');
		expect(texts).toHaveLength(suggestedQuestions.length);
		expect(readEnquete(doc).questions[1]!.id).toBe(added);
		expect(() => addQuestion(doc, '   ')).toThrow(BoardInputError);
		expect(() => removeQuestion(doc, first!.id)).toThrow(BoardInputError);
	});

	it('lists the people met by date, undated last, and keeps only first name, role, company', () => {
		const doc = newEnquete();
		const later = addPerson(doc, { firstName: 'Marc', role: 'Chef d’équipe', date: '2027-03-01' });
		const undated = addPerson(doc, { firstName: 'Inès' });
		addPerson(doc, { firstName: 'Nadia', company: 'GRETA', date: '2027-02-10' });
		updatePerson(doc, undated, { date: '2027-04-01', notes: 'Rappeler en mai.' });
		removePerson(doc, later);
		const people = readEnquete(doc).people;
		expect(people.map((p) => p.firstName)).toEqual(['Nadia', 'Inès']);
		expect(Object.keys(people[0]!).sort()).toEqual(
			['company', 'date', 'firstName', 'id', 'notes', 'role'].sort()
		);
		expect(people[1]!.notes).toBe('Rappeler en mai.');
		expect(() => addPerson(doc, { firstName: 'Éva', date: '2027-02-30' })).toThrow(BoardInputError);
	});

	it('records what the interviews confirm and question, and the verdict', () => {
		const doc = newEnquete();
		setConclusion(doc, 'confirme', 'Le goût de transmettre.');
		setConclusion(doc, 'questionne', 'Les horaires du soir.');
		setVerdict(doc, 'a-creuser', 'Encore deux personnes à voir.');
		expect(readEnquete(doc)).toMatchObject({
			confirme: 'Le goût de transmettre.',
			questionne: 'Les horaires du soir.',
			verdict: 'a-creuser',
			verdictWords: 'Encore deux personnes à voir.'
		});
		setVerdict(doc, null);
		expect(readEnquete(doc).verdict).toBeNull();
		expect(() => setVerdict(doc, 'oui' as never)).toThrow(BoardInputError);
	});

	it('knows its piste when the server linked it; no client may write the link', () => {
		const doc = new Y.Doc();
		initLinkedEnquete(doc, link);
		expect(readEnquete(doc).link).toEqual(link);
		expect(summarizeEnquete(doc).piste).toBe('Devenir formatrice');
		const state = Y.encodeStateAsUpdate(newEnquete());
		const forged = updatesOf((peer) => {
			Y.applyUpdate(peer, state);
			linkRoot(peer).set('pisteId', 'piste-2');
		});
		expect(schemaViolations(enqueteSchema, state, forged)).not.toEqual([]);
		// Everything else a person does is accepted.
		const edits = updatesOf((peer) => {
			Y.applyUpdate(peer, state);
			addPerson(peer, { firstName: 'Nadia', date: '2027-02-10', notes: 'Très utile.' });
			setVerdict(peer, 'ecartee', 'Trop de déplacements.');
		});
		expectSchemaAccepts(enqueteSchema, state, edits);
	});

	it('summarises for the synthèse and compares two snapshots', () => {
		const doc = new Y.Doc();
		initLinkedEnquete(doc, link);
		const before = summarizeEnquete(doc);
		// The suggested questions alone say nothing of the piste.
		expect(enqueteText(before)).toBe('');
		addPerson(doc, {
			firstName: 'Nadia',
			role: 'Formatrice',
			company: 'GRETA',
			date: '2027-02-10'
		});
		setConclusion(doc, 'questionne', 'Les horaires du soir.');
		setVerdict(doc, 'confirmee', 'Je me lance.');
		const after = summarizeEnquete(doc);
		expect(enqueteText(after)).toBe(
			[
				'Enquête métier — Devenir formatrice',
				'Piste confirmée : Je me lance.',
				'Personnes rencontrées :',
				'• Nadia (Formatrice, GRETA, le 10/02/2027)',
				'Ce que ça questionne : Les horaires du soir.'
			].join('\n')
		);
		expect(compareEnquete(before, after)).toEqual([
			'Ajouté : « Nadia, Formatrice, GRETA ».',
			'« Ce que ça questionne » a été modifié.',
			'« Verdict sur la piste » : Pas encore décidé → Piste confirmée.'
		]);
		expect(compareEnquete(after, after)).toEqual([]);
	});

	it('proposes each piste’s enquête to the synthèse, oldest first, after the pistes', () => {
		const enqueteOf = (pisteTitle: string, firstName: string) => {
			const doc = new Y.Doc();
			initLinkedEnquete(doc, { ...link, pisteTitle });
			addPerson(doc, { firstName });
			return summarizeEnquete(doc);
		};
		const at = (day: number) => new Date(Date.UTC(2027, 1, day));
		const texts = prefillTexts(
			[
				{
					kind: 'enquete-metier',
					summary: enqueteOf('Ouvrir une boulangerie', 'Marc'),
					createdAt: at(5)
				},
				{
					kind: 'enquete-metier',
					summary: enqueteOf('Devenir formatrice', 'Nadia'),
					createdAt: at(2)
				}
			],
			boardKinds
		);
		expect(texts.projets).toBe(
			[
				'Enquête métier — Devenir formatrice',
				'Personnes rencontrées :',
				'• Nadia',
				'',
				'Enquête métier — Ouvrir une boulangerie',
				'Personnes rencontrées :',
				'• Marc'
			].join('\n')
		);
	});
});
