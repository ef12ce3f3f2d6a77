import * as Y from 'yjs';
import * as s from '../../src/lib/boards/doc-schema.ts';
import type { BoardKind } from '../../src/lib/boards/kind.ts';
import { readText, newText } from '../../src/lib/boards/model-kit.ts';
import { loadedDocument, type BoardStorage } from '../../src/lib/server/db/board-storage.ts';
import type { Db } from '../../src/lib/server/db/index.ts';
import { boards } from '../../src/lib/server/db/schema.ts';

/**
 * A board kind of the tests' own whose free text became Y.Texts (labels and the title), so the
 * upgrade's tests do not depend on the real kinds' conversions.
 */
export const textKind: BoardKind<{ labels: Record<string, string>; title: string }> = {
	kind: 'text-test',
	version: 1,
	schema: s.docSchema({
		cards: s.mapOf(s.map({ label: s.text(60), pile: s.string(20) })),
		meta: s.map({ title: s.text(80) })
	}),
	init(doc) {
		doc.getMap('meta').set('title', newText('Tableau'));
	},
	summarize(doc) {
		return { labels: labelsOf(doc), title: readText(doc.getMap('meta'), 'title') };
	}
};

/** The cards' labels, read as models read them (a Y.Text or a legacy string). */
export function labelsOf(doc: Y.Doc): Record<string, string> {
	const cards = doc.getMap<Y.Map<unknown>>('cards');
	return Object.fromEntries(
		[...cards.entries()].map(([id, card]) => [id, readText(card, 'label')])
	);
}

/** The document as models wrote it before the conversion: plain strings. */
export function legacyUpdate(labels: Record<string, string>, title = 'Mes valeurs'): Uint8Array {
	const doc = new Y.Doc();
	doc.transact(() => {
		for (const [id, label] of Object.entries(labels)) {
			const card = new Y.Map<unknown>();
			card.set('label', label);
			card.set('pile', 'essentiel');
			doc.getMap('cards').set(id, card);
		}
		doc.getMap('meta').set('title', title);
	});
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}

/**
 * A board of `textKind` as an older release left it: format 1, its content written with plain
 * strings, through the storage.
 */
export async function newLegacyBoard(
	db: Db,
	storage: BoardStorage,
	bilanId: string,
	labels: Record<string, string>,
	kind = textKind.kind
): Promise<string> {
	const [board] = await db
		.insert(boards)
		.values({ bilanId, kind, title: 'Ancien tableau', format: 1 })
		.returning({ id: boards.id });
	await storage.append([{ boardId: board!.id, updates: [legacyUpdate(labels)] }]);
	return board!.id;
}

/** The document of a board as stored. */
export async function storedDoc(storage: BoardStorage, boardId: string): Promise<Y.Doc> {
	return loadedDocument(await storage.load(boardId));
}
