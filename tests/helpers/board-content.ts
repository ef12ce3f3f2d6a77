import * as Y from 'yjs';
import { addAction, addFormation, addPiste } from '../../src/lib/boards/action-plan/model.ts';
import { writeRecords } from '../../src/lib/boards/canvas/model.ts';
import { cardIdOf, moveCard as moveCentre } from '../../src/lib/boards/centres-interet/model.ts';
import {
	documentRecord,
	geoRecord,
	noteRecord,
	pageRecord
} from '../../src/lib/boards/canvas/records.fixtures.ts';
import { addPerson, setConclusion, setVerdict } from '../../src/lib/boards/enquete-metier/model.ts';
import { addNoteInZone } from '../../src/lib/boards/ikigai/model.ts';
import {
	addObjectif,
	setProblematique,
	setRubric
} from '../../src/lib/boards/preparation/model.ts';
import { addStory, addStorySkill } from '../../src/lib/boards/storytelling/model.ts';
import { addCluster, placeItem, postItem, toggleVote } from '../../src/lib/boards/mur/model.ts';
import { setSectionText, syntheseSections } from '../../src/lib/boards/synthese/model.ts';
import { addExperience } from '../../src/lib/boards/timeline/model.ts';
import { addCustomCard, addToTop, moveCard } from '../../src/lib/boards/values/model.ts';
import { boardKinds } from '../../src/lib/boards/registry.ts';
import { boardWriterFor } from '../../src/lib/server/board-writer.ts';
import { createBoard } from '../../src/lib/server/boards.service.ts';
import { createBoardStorage } from '../../src/lib/server/db/board-storage.ts';
import type { Db } from '../../src/lib/server/db/index.ts';

/**
 * Real content for each board kind, written with the kind's own model operations, and a way to
 * write it to a board's log without a browser. A kind added to the registry needs its entry here
 * (the snapshot round trip runs over every registered kind).
 */
export const boardContent: Record<string, (doc: Y.Doc) => void> = {
	preparation(doc) {
		setProblematique(doc, 'reconversion', true);
		setRubric(doc, 'situation', 'Aide-soignante depuis douze ans, le dos fatigué.');
		addObjectif(doc, 'Trouver un métier compatible avec ma santé');
		setRubric(doc, 'mobilite', 'Pas plus de 30 km autour de Nantes.');
	},
	values(doc) {
		const id = addCustomCard(doc, { label: 'Transmettre', description: 'Former les autres' });
		moveCard(doc, id, 'essentiel', 0);
		addToTop(doc, id, 0);
	},
	ikigai(doc) {
		addNoteInZone(doc, { text: 'Jardiner avec les enfants' }, 'passion');
		addNoteInZone(doc, { text: 'Expliquer simplement', color: 'bleu' }, 'doue');
	},
	timeline(doc) {
		addExperience(doc, {
			lane: 'travail',
			title: 'Aide-soignante',
			organisation: 'CHU de Nantes',
			start: '2012-09',
			end: '2020-06',
			satisfaction: 3,
			keyMoment: true,
			skills: { savoirEtre: ['Écoute'] }
		});
	},
	storytelling(doc) {
		const id = addStory(doc, {
			title: 'Le service de nuit réorganisé',
			type: 'reussite',
			source: 'Aide-soignante, CHU de Nantes (2012-09 → 2020-06)'
		});
		addStorySkill(doc, id, 'savoirEtre', 'Sang-froid');
	},
	'action-plan'(doc) {
		const piste = addPiste(doc, { title: 'Devenir formatrice', priority: 'principale' });
		addAction(doc, piste, { title: 'Appeler le GRETA', due: '2099-01-15' });
		addFormation(doc, piste, { title: 'Titre pro FPA', organisme: 'AFPA', cpf: true });
	},
	'enquete-metier'(doc) {
		addPerson(doc, {
			firstName: 'Nadia',
			role: 'Formatrice',
			company: 'GRETA Atlantique',
			date: '2027-02-10',
			notes: 'Beaucoup de préparation le soir.'
		});
		setConclusion(doc, 'confirme', 'Le goût de transmettre.');
		setVerdict(doc, 'confirmee', 'Je me lance.');
	},
	'centres-interet'(doc) {
		// « J'aime m'occuper des animaux » (17) attracts most, then « Je souhaite transmettre » (24).
		moveCentre(doc, cardIdOf(24), 'attire', 0);
		moveCentre(doc, cardIdOf(17), 'attire', 0);
		moveCentre(doc, cardIdOf(3), 'pas-pour-moi', 0);
	},
	canvas(doc) {
		writeRecords(doc, [
			documentRecord(),
			pageRecord(),
			noteRecord({ id: 'shape:idee', x: 40, y: 40, text: 'Mon idée' }),
			geoRecord({ id: 'shape:cadre', x: 300, y: 40, text: 'Projet' })
		]);
	},
	synthese(doc) {
		setSectionText(doc, syntheseSections[0]!.id, 'Bilan demandé pour préparer une reconversion.');
		setSectionText(doc, syntheseSections[1]!.id, 'Écoute, organisation.');
	},
	mur(doc) {
		const item = postItem(doc, { text: 'Besoin de sens', author: 'Inès', sourceKind: 'values' }, 1);
		placeItem(doc, item, addCluster(doc, 'Ce qui compte'));
		toggleVote(doc, item, 'a'.repeat(32));
	}
};

/** A text each content above shows in the board's views. */
export const boardContentText: Record<string, string> = {
	preparation: 'Trouver un métier compatible avec ma santé',
	values: 'Transmettre',
	ikigai: 'Jardiner avec les enfants',
	timeline: 'Aide-soignante',
	storytelling: 'Le service de nuit réorganisé',
	'action-plan': 'Appeler le GRETA',
	'centres-interet': 'occuper des animaux',
	'enquete-metier': 'Beaucoup de préparation le soir.',
	canvas: 'Mon idée',
	synthese: 'Bilan demandé pour préparer une reconversion.',
	mur: 'Besoin de sens'
};

/**
 * Runs `edit` on the board's committed content and writes the resulting change to its log (as a
 * browser would through the sync server). Returns the new sequence.
 */
export async function editBoard(
	db: Db,
	boardId: string,
	edit: (doc: Y.Doc) => void,
	userId: string | null = null
): Promise<number> {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, (await createBoardStorage(db).readState(boardId)).state);
	const before = Y.encodeStateVector(doc);
	edit(doc);
	const update = Y.encodeStateAsUpdate(doc, before);
	doc.destroy();
	return boardWriterFor(db).apply(boardId, update, userId);
}

/** A board of the bilan, created through the service as `actor` (its consultant) creates one. */
export function newBoard(
	db: Db,
	actor: Parameters<typeof createBoard>[1],
	bilanId: string,
	kind: string,
	title: string
) {
	return createBoard(db, actor, bilanId, { kind, title }, boardKinds);
}
