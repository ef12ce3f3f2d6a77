import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	openTestDatabase,
	testDrivers,
	type TestDatabase
} from '../../../tests/helpers/database.ts';
import { reason } from '../../../tests/helpers/errors.ts';
import { newBilanWorld, newUser } from '../../../tests/helpers/factories.ts';
import { pdfContentStreams, pdfText } from '../../../tests/helpers/pdf.ts';
import { addAction, addPiste } from '../boards/action-plan/model.ts';
import { addNoteInZone } from '../boards/ikigai/model.ts';
import { findBoardKind, boardKinds } from '../boards/registry.ts';
import { readSections, setSectionText } from '../boards/synthese/model.ts';
import { addExperience } from '../boards/timeline/model.ts';
import {
	addCustomCard,
	addToTop,
	moveCard,
	setSatisfaction,
	setWhy
} from '../boards/values/model.ts';
import type { Bilan } from './db/schema.ts';
import { BoardError, createBoard, initialState, listBoards } from './boards.service.ts';
import { auditEvents, boardSnapshots, boardUpdates } from './db/schema.ts';
import { readJournal } from './journal.service.ts';
import { createBoardStorage } from './db/board-storage.ts';
import {
	downloadSynthesePdf,
	ensureSyntheseBoard,
	getSyntheseVersion,
	getValidatedSynthese,
	listSyntheseVersions,
	openSynthese,
	validateSynthese
} from './synthese.service.ts';
import { snapshotPdf } from './pdf-snapshot.ts';
import { synthesePdf } from './pdf-synthese.ts';
import type { SyntheseContent } from '../boards/synthese/content.ts';

/** What the exercise boards hold, written with each model's own operations. */
const exercises: Record<string, (doc: Y.Doc) => void> = {
	values(doc) {
		const id = addCustomCard(doc, { label: 'Transmettre', description: 'Former les autres' });
		moveCard(doc, id, 'essentiel', 0);
		addToTop(doc, id, 0);
		setWhy(doc, id, 'Voir quelqu’un progresser');
		setSatisfaction(doc, id, 4);
	},
	ikigai(doc) {
		addNoteInZone(doc, { text: 'Jardiner avec les enfants' }, 'passion');
		addNoteInZone(doc, { text: 'Expliquer simplement' }, 'doue');
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
			skills: { savoirEtre: ['Écoute'], savoirFaire: ['Soins d’hygiène'] }
		});
		addExperience(doc, {
			lane: 'travail',
			title: 'Vendeuse',
			start: '2008-01',
			end: '2012-06',
			satisfaction: -2
		});
	},
	'action-plan'(doc) {
		const piste = addPiste(doc, { title: 'Devenir formatrice', priority: 'principale' });
		addAction(doc, piste, { title: 'Appeler le GRETA', due: '2099-01-15' });
	}
};

describe.each(testDrivers())('synthèse on %s', (driver) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await openTestDatabase(driver);
	});
	afterAll(() => database.dispose());

	async function world(phase: Bilan['phase'] = 'conclusion') {
		const db = database.db;
		const { org, admin, consultant, beneficiary, bilan } = await newBilanWorld(db, {
			organisation: 'Cap Avenir Conseil',
			consultant: 'Claire Martin',
			beneficiary: 'Zoé Lœwy',
			bilan: { phase }
		});
		const stranger = await newUser(db, 'beneficiary', org.id);
		return { db, admin, consultant, beneficiary, stranger, bilan };
	}

	/** One board of each exercise kind, each with a snapshot of real content. */
	async function snapshotExercises(w: Awaited<ReturnType<typeof world>>) {
		const snapshots = [];
		for (const [name, edit] of Object.entries(exercises)) {
			const kind = findBoardKind(name)!;
			const board = await createBoard(
				w.db,
				w.consultant,
				w.bilan.id,
				{ kind: name, title: name },
				boardKinds
			);
			const doc = new Y.Doc();
			Y.applyUpdate(doc, initialState(kind));
			edit(doc);
			const [row] = await w.db
				.insert(boardSnapshots)
				.values({
					boardId: board.id,
					bilanId: w.bilan.id,
					kind: name,
					label: 'Séance 3',
					phase: w.bilan.phase,
					trigger: 'seance',
					seq: 2,
					state: Y.encodeStateAsUpdate(doc),
					summary: kind.summarize(doc),
					createdBy: w.consultant.id
				})
				.returning();
			snapshots.push(row!);
		}
		return snapshots;
	}

	async function liveSections(db: TestDatabase['db'], boardId: string) {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, (await createBoardStorage(db).readState(boardId)).state);
		return readSections(doc);
	}

	it('is created once, prefilled from the latest snapshots, and kept apart from the exercises', async () => {
		const w = await world();
		await snapshotExercises(w);
		const [first, second] = await Promise.all([
			ensureSyntheseBoard(w.db, w.bilan.id, w.consultant.id),
			ensureSyntheseBoard(w.db, w.bilan.id, w.beneficiary.id)
		]);
		expect(second).toEqual(first);
		const opened = await openSynthese(w.db, w.beneficiary, w.bilan.id);
		expect(opened.board).toEqual(first);
		expect(opened.canValidate).toBe(true);

		const sections = await liveSections(w.db, first!.id);
		expect(sections.circonstances).toBe('');
		expect(sections.valeurs).toContain(
			'1. Transmettre — pourquoi : Voir quelqu’un progresser ; satisfaction aujourd’hui : 4/10'
		);
		expect(sections.competences).toContain('Savoir-être :\n• Écoute (Aide-soignante)');
		expect(sections.competences).toContain('Soins d’hygiène');
		expect(sections.projets).toContain('Devenir formatrice (Piste principale)');
		expect(sections.projets).toContain('Passion : Jardiner avec les enfants');
		expect(sections.etapes).toContain('Appeler le GRETA — Autre, pour le 15/01/2099');
		expect(opened.proposals.valeurs).toBe(sections.valeurs);

		// Not an exercise board: not listed, not creatable from the board form.
		const listed = await listBoards(w.db, w.consultant, w.bilan);
		expect(listed.map((b) => b.kind).sort()).toEqual([
			'action-plan',
			'ikigai',
			'timeline',
			'values'
		]);
		const refused = await createBoard(
			w.db,
			w.consultant,
			w.bilan.id,
			{ kind: 'synthese', title: 'Une autre' },
			boardKinds
		).catch((error: unknown) => error);
		expect(refused).toBeInstanceOf(BoardError);
		expect((refused as BoardError).reason).toBe('unknown_kind');
	});

	it('is validated by the beneficiary only, into immutable numbered versions', async () => {
		const w = await world();
		await snapshotExercises(w);
		const { board } = await openSynthese(w.db, w.consultant, w.bilan.id);
		const write = new Y.Doc();
		Y.applyUpdate(write, (await createBoardStorage(w.db).readState(board!.id)).state);
		const before = Y.encodeStateVector(write);
		setSectionText(write, 'circonstances', 'Reconversion après 10 ans à l’hôpital.');
		await w.db
			.insert(boardUpdates)
			.values({ boardId: board!.id, seq: 2, data: Y.encodeStateAsUpdate(write, before) });

		expect(await reason(validateSynthese(w.db, w.consultant, w.bilan.id))).toBe('forbidden');
		expect(await reason(validateSynthese(w.db, w.admin, w.bilan.id))).toBe('not_found');
		expect(await reason(validateSynthese(w.db, w.stranger, w.bilan.id))).toBe('not_found');

		const v1 = await validateSynthese(w.db, w.beneficiary, w.bilan.id);
		expect(v1).toMatchObject({ version: 1, validatedByName: 'Zoé Lœwy' });
		const v2 = await validateSynthese(w.db, w.beneficiary, w.bilan.id);
		expect(v2.version).toBe(2);

		const latest = await getValidatedSynthese(w.db, w.bilan.id);
		expect(latest?.version).toBe(2);
		const content = latest!.content as SyntheseContent;
		expect(content.sections[0]).toMatchObject({
			id: 'circonstances',
			text: 'Reconversion après 10 ans à l’hôpital.'
		});
		expect(content.bilan).toMatchObject({
			organisationName: 'Cap Avenir Conseil',
			beneficiaryName: 'Zoé Lœwy',
			consultantName: 'Claire Martin'
		});
		expect(content.drawings.ikigai?.regions.find((r) => r.id === 'passion')?.notes).toEqual([
			'Jardiner avec les enfants'
		]);
		expect(content.drawings.courbe?.map((p) => p.satisfaction)).toEqual([-2, 3]);
		const frozen = new Y.Doc();
		Y.applyUpdate(frozen, latest!.state);
		expect(readSections(frozen).circonstances).toBe('Reconversion après 10 ans à l’hôpital.');

		// Versions are proofs: the database refuses to change one.
		await expect(
			w.db.execute(
				sql`update synthese_versions set content = '{}'::jsonb where bilan_id = ${w.bilan.id}`
			)
		).rejects.toThrow();
		const audit = await w.db.select().from(auditEvents).where(eq(auditEvents.targetId, w.bilan.id));
		const validations = audit.filter((e) => e.action === 'synthese.validate');
		expect(validations.map((e) => e.detail)).toEqual([{ version: 1 }, { version: 2 }]);
		expect(JSON.stringify(validations)).not.toContain('hôpital');

		expect(
			(await listSyntheseVersions(w.db, w.consultant, w.bilan.id)).map((v) => v.version)
		).toEqual([2, 1]);
		expect((await getSyntheseVersion(w.db, w.consultant, w.bilan.id, 1)).version).toBe(1);
		expect(await reason(getSyntheseVersion(w.db, w.beneficiary, w.bilan.id, 3))).toBe('not_found');
	});

	it('refuses to validate an empty synthèse', async () => {
		const w = await world();
		await openSynthese(w.db, w.beneficiary, w.bilan.id);
		expect(await reason(validateSynthese(w.db, w.beneficiary, w.bilan.id))).toBe('invalid');
	});

	it('gives an admin nothing, not even the versions', async () => {
		const w = await world();
		await snapshotExercises(w);
		await openSynthese(w.db, w.beneficiary, w.bilan.id);
		await validateSynthese(w.db, w.beneficiary, w.bilan.id);
		expect(await reason(openSynthese(w.db, w.admin, w.bilan.id))).toBe('not_found');
		expect(await reason(listSyntheseVersions(w.db, w.admin, w.bilan.id))).toBe('not_found');
		expect(await reason(getSyntheseVersion(w.db, w.admin, w.bilan.id, 1))).toBe('not_found');
		expect(await reason(openSynthese(w.db, w.stranger, w.bilan.id))).toBe('not_found');
	});

	it('is read-only once the bilan is closed: not created, not validated', async () => {
		const w = await world('suivi');
		const opened = await openSynthese(w.db, w.beneficiary, w.bilan.id);
		expect(opened).toMatchObject({ access: 'read', board: null, canValidate: false });
		expect(await reason(validateSynthese(w.db, w.beneficiary, w.bilan.id))).toBe('forbidden');
	});

	it('prints a validated version: sections, people, organisation, and both drawings as vectors', async () => {
		const w = await world();
		await snapshotExercises(w);
		await openSynthese(w.db, w.beneficiary, w.bilan.id);
		await validateSynthese(w.db, w.beneficiary, w.bilan.id);
		const version = (await getValidatedSynthese(w.db, w.bilan.id))!;
		const bytes = await synthesePdf(version);
		const text = await pdfText(bytes);
		for (const expected of [
			'Cap Avenir Conseil',
			'Document de synthèse du bilan de compétences',
			'Zoé Lœwy',
			'Claire Martin',
			'Circonstances du bilan',
			'Compétences et aptitudes',
			'Valeurs et motivations',
			'Projet(s) professionnel(s)',
			'Étapes de mise en œuvre',
			'Voir quelqu’un progresser',
			'Appeler le GRETA',
			// The Ikigai's zone names and notes, the courbe's legend.
			'Ce que j’aime',
			'Passion',
			'Jardiner avec les enfants',
			'Courbe de vie',
			'Aide-soignante (moment clé)'
		]) {
			expect(text).toContain(expected);
		}
		// Circles are Bézier curves (c) and the courbe a stroked line (l … S): vectors, not images.
		const streams = await pdfContentStreams(bytes);
		expect(streams).toMatch(/ c\n/);
		expect(streams).toMatch(/ l\n/);
		expect(streams).not.toMatch(/\/Subtype\s*\/Image/);
	});

	it('records each download of a version’s PDF in the bilan’s journal', async () => {
		const w = await world();
		await snapshotExercises(w);
		await openSynthese(w.db, w.beneficiary, w.bilan.id);
		await validateSynthese(w.db, w.beneficiary, w.bilan.id);

		const pdf = await downloadSynthesePdf(w.db, w.consultant, w.bilan.id, 1);
		expect(pdf.version).toBe(1);
		expect(await pdfText(pdf.bytes)).toContain('Zoé Lœwy');
		// Refused downloads give nothing and record nothing.
		expect(await reason(downloadSynthesePdf(w.db, w.admin, w.bilan.id, 1))).toBe('not_found');
		expect(await reason(downloadSynthesePdf(w.db, w.beneficiary, w.bilan.id, 2))).toBe('not_found');

		const { events } = await readJournal(w.db, w.beneficiary, w.bilan.id);
		expect(events.filter((event) => event.action === 'synthese.pdf')).toEqual([
			expect.objectContaining({ actorName: 'Claire Martin', detail: { version: 1 } })
		]);
	});

	it('prints a readable PDF of a snapshot of every kind', async () => {
		const w = await world();
		const snapshots = await snapshotExercises(w);
		const expected: Record<string, string[]> = {
			values: ['Cartes de valeurs', 'Transmettre', 'Voir quelqu’un progresser'],
			ikigai: ['Ikigai', 'Passion', 'Jardiner avec les enfants'],
			timeline: ['Frise de carrière', 'Courbe de vie', 'Aide-soignante', 'CHU de Nantes', 'Écoute'],
			'action-plan': ['Plan d’action', 'Devenir formatrice', 'Appeler le GRETA']
		};
		for (const snapshot of snapshots) {
			const text = await pdfText(await snapshotPdf(w.db, snapshot));
			expect(text).toContain('Cap Avenir Conseil');
			expect(text).toContain('Séance 3');
			for (const words of expected[snapshot.kind]!) expect(text).toContain(words);
		}
	});
});
