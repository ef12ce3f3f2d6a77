import { and, eq } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	openTestDatabase,
	testDrivers,
	type TestDatabase
} from '../../../tests/helpers/database.ts';
import { newBilanWorld, newOrganisation, newUser } from '../../../tests/helpers/factories.ts';
import { pdfText } from '../../../tests/helpers/pdf.ts';
import * as Y from 'yjs';
import { boardKinds } from '../boards/registry.ts';
import { setSectionText } from '../boards/synthese/model.ts';
import { bilanArchive, slug } from './archive.service.ts';
import { boardWriterFor } from './board-writer.ts';
import { createBoard } from './boards.service.ts';
import { addComment } from './comments.service.ts';
import type { Db } from './db/index.ts';
import { auditEvents } from './db/schema.ts';
import { PermissionError } from './permissions.ts';
import { addRendezVous } from './rendezvous.service.ts';
import { snapshotBilanBoards } from './snapshots.service.ts';
import { createBoardStorage } from './db/board-storage.ts';
import { openSynthese, validateSynthese } from './synthese.service.ts';

describe('slug', () => {
	it('makes plain file names', () => {
		expect(slug('Mes valeurs à moi !')).toBe('mes-valeurs-a-moi');
		expect(slug('***')).toBe('sans-titre');
	});
});

describe.each(testDrivers())('bilan archive on %s', (driver) => {
	let database: TestDatabase;
	beforeAll(async () => {
		database = await openTestDatabase(driver);
	});
	afterAll(() => database.dispose());

	async function world() {
		const db = database.db;
		const { admin, consultant, beneficiary, bilan } = await newBilanWorld(db, {
			organisation: 'Cabinet Horizons',
			consultant: 'Claire Martin',
			beneficiary: 'Bruno Lefèvre',
			bilan: { phase: 'conclusion' }
		});
		const stranger = await newUser(db, 'beneficiary', (await newOrganisation(db)).id);
		return { db, admin, consultant, beneficiary, stranger, bilan };
	}

	it('holds the README, the validated synthèse, every snapshot as JSON + PDF (+ SVG), the comments and attendance', async () => {
		const { db, admin, consultant, beneficiary, stranger, bilan } = await world();
		const input = (kind: string, title: string) => ({ kind, title });
		const values = await createBoard(
			db,
			consultant,
			bilan.id,
			input('values', 'Mes valeurs'),
			boardKinds
		);
		const question = await addComment(db, beneficiary, values.id, {
			body: 'Pourquoi la sécurité ?',
			itemKey: 'securite',
			itemLabel: 'Sécurité de l’emploi',
			question: true
		});
		await addComment(db, consultant, values.id, { body: 'Lundi.', parentId: question.id });
		await createBoard(db, consultant, bilan.id, input('canvas', 'Tableau libre'), boardKinds);
		await snapshotBilanBoards(db, {
			bilanId: bilan.id,
			trigger: 'seance',
			label: 'Fin de séance',
			actorId: consultant.id
		});
		const synthese = await openSynthese(db, beneficiary, bilan.id);
		await writeSynthese(db, synthese.board!.id, 'Bruno souhaite devenir ébéniste.');
		await validateSynthese(db, beneficiary, bilan.id);
		await addRendezVous(db, consultant, bilan.id, {
			startsAt: '2026-10-05T09:00',
			durationMinutes: 120,
			mode: 'presentiel'
		});

		const now = new Date('2026-11-26T13:05:00Z');
		const zip = unzipSync(await bilanArchive(db, beneficiary, bilan.id, now));
		const names = Object.keys(zip)
			.map((name) => name.replace(/\d{4}-\d{2}-\d{2}_\d{2}h\d{2}/, 'DATE'))
			.sort();
		expect(names).toEqual(
			[
				'README.txt',
				'presence/feuille-de-presence.csv',
				'presence/feuille-de-presence.pdf',
				'synthese/synthese-version-1_DATE.pdf',
				'tableaux/01-mes-valeurs/commentaires.json',
				'tableaux/01-mes-valeurs/instantanes/01_DATE_fin-de-seance.json',
				'tableaux/01-mes-valeurs/instantanes/01_DATE_fin-de-seance.pdf',
				'tableaux/02-tableau-libre/instantanes/01_DATE_fin-de-seance.json',
				'tableaux/02-tableau-libre/instantanes/01_DATE_fin-de-seance.pdf',
				'tableaux/02-tableau-libre/instantanes/01_DATE_fin-de-seance.svg',
				// The synthèse board came after the séance: its current state stands in.
				'tableaux/03-document-de-synthese/etat-actuel.json',
				'tableaux/03-document-de-synthese/etat-actuel.pdf'
			].sort()
		);
		const file = (pattern: RegExp) => {
			const name = Object.keys(zip).find((n) => pattern.test(n));
			expect(name, String(pattern)).toBeDefined();
			return zip[name!]!;
		};
		const readme = strFromU8(file(/^README\.txt$/));
		expect(readme).toContain('Dossier de bilan de compétences — Bruno Lefèvre');
		expect(readme).toContain('Cabinet Horizons');
		expect(readme).toContain('R6313-7');
		expect(readme).toContain('- tableaux/02-tableau-libre/instantanes/');
		expect(await pdfText(file(/^synthese\/.+\.pdf$/))).toContain('ébéniste');
		expect(JSON.parse(strFromU8(file(/01-mes-valeurs\/commentaires\.json$/)))).toMatchObject({
			tableau: { titre: 'Mes valeurs' },
			commentaires: [
				{
					sur: 'Sécurité de l’emploi',
					question: true,
					auteur: 'Bruno Lefèvre',
					texte: 'Pourquoi la sécurité ?',
					resolu: null,
					reponses: [{ texte: 'Lundi.' }]
				}
			]
		});
		const snapshot = JSON.parse(strFromU8(file(/01-mes-valeurs\/instantanes\/.+\.json$/)));
		expect(snapshot).toMatchObject({
			tableau: { titre: 'Mes valeurs', type: 'values' },
			instantane: { nom: 'Fin de séance', phase: 'conclusion', origine: 'fin de séance' },
			resume: { kind: 'values' }
		});
		expect(await pdfText(file(/01-mes-valeurs\/.+\.pdf$/))).toContain('Mes valeurs');
		expect(strFromU8(file(/\.svg$/))).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
		const draft = JSON.parse(strFromU8(file(/etat-actuel\.json$/)));
		expect(draft.instantane.nom).toBe('État actuel');
		expect(strFromU8(file(/\.csv$/))).toContain('Bruno Lefèvre');
		expect(await pdfText(file(/presence\/.+\.pdf$/))).toContain('Bruno Lefèvre');

		const [audit] = await db
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.targetId, bilan.id), eq(auditEvents.action, 'archive.download')));
		expect(audit).toMatchObject({ actorId: beneficiary.id });
		expect(audit!.detail).toEqual({ files: 12, snapshots: 2, syntheseVersions: 1 });

		// The consultant in charge gets it too; an admin or a stranger never does.
		expect(Object.keys(unzipSync(await bilanArchive(db, consultant, bilan.id)))).toContain(
			'README.txt'
		);
		for (const who of [admin, stranger]) {
			await expect(bilanArchive(db, who, bilan.id)).rejects.toSatisfy(
				(e) => e instanceof PermissionError && e.reason === 'not_found'
			);
		}
	});
});

/** Types a section of the live synthèse, committed like an edit. */
async function writeSynthese(db: Db, boardId: string, text: string) {
	const { state } = await createBoardStorage(db).readState(boardId);
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	const before = Y.encodeStateVector(doc);
	setSectionText(doc, 'projets', text);
	await boardWriterFor(db).apply(boardId, Y.encodeStateAsUpdate(doc, before), null);
	doc.destroy();
}
