import { eq } from 'drizzle-orm';
import type { Content } from 'pdfmake/interfaces';
import { findBoardKind } from '../boards/registry.ts';
import type { Db } from './db/index.ts';
import { bilans, boards, organisations, users, type BoardSnapshot } from './db/schema.ts';
import { formatDateTime } from '../format/dates.ts';
import { keyValueTable, pageFurniture, renderPdf } from './pdf.ts';

/**
 * A readable PDF of one board snapshot, from its summary (the ZIP of the bilan's documents):
 * each kind writes its own section, lists and texts, the Ikigai and the courbe de vie drawn as
 * vectors. The canvas gives its texts only; its drawing is exported as SVG separately.
 */

/** What a kind's `pdf.server.ts` exports (server-only: pdfmake content, never in the pages). */
export interface PdfSectionModule {
	pdfSection(summary: unknown): Content[];
}

/**
 * The section of a registered kind's snapshots in their PDF, from `<kind>/pdf.server.ts` beside
 * its definition: the path follows from the kind, so the registry holds no server-only import.
 */
export function pdfSectionOf(kind: string): Promise<PdfSectionModule> {
	return import(`../boards/${kind}/pdf.server.ts`);
}

/** The body of a snapshot's PDF, by kind; a kind this build does not know shows its JSON. */
export async function summaryContent(summary: unknown): Promise<Content[]> {
	const kind = findBoardKind(String((summary as { kind?: unknown } | null)?.kind));
	if (!kind) return [{ text: JSON.stringify(summary, null, 2), fontSize: 8 }];
	return (await pdfSectionOf(kind.kind)).pdfSection(summary);
}

/** Who and what a board's PDF names in its header. */
export interface BoardPdfContext {
	organisationName: string;
	/** The beneficiary (a bilan's board) or the participant (a cohort's private copy). */
	ownerName: string | null;
	boardTitle: string | null;
}

/** A PDF of a board's state from its summary, under `context`'s header (no permission check). */
export async function boardPdf(
	context: BoardPdfContext,
	snapshot: Pick<BoardSnapshot, 'kind' | 'label' | 'createdAt' | 'summary'>,
	now: Date = new Date()
): Promise<Uint8Array<ArrayBuffer>> {
	// The names the pages use, in French: the record is kept in French.
	const kindTitle = findBoardKind(snapshot.kind)?.label({ locale: 'fr' }) ?? snapshot.kind;
	return renderPdf({
		...pageFurniture({
			organisationName: context.organisationName,
			title: kindTitle,
			generatedAt: now
		}),
		content: [
			{ text: context.boardTitle ?? kindTitle, style: 'h1' },
			keyValueTable([
				['Tableau', kindTitle],
				['Bénéficiaire', context.ownerName ?? '—'],
				['Instantané', snapshot.label],
				['Enregistré le', formatDateTime(snapshot.createdAt, 'fr', 'long')]
			]),
			...(await summaryContent(snapshot.summary))
		]
	});
}

/** The PDF of one board snapshot (no permission check: the caller has). */
export async function snapshotPdf(
	db: Db,
	snapshot: BoardSnapshot,
	now: Date = new Date()
): Promise<Uint8Array<ArrayBuffer>> {
	const [context] = await db
		.select({
			organisationName: organisations.name,
			ownerName: users.name,
			boardTitle: boards.title
		})
		.from(bilans)
		.innerJoin(organisations, eq(organisations.id, bilans.organisationId))
		.innerJoin(users, eq(users.id, bilans.beneficiaryId))
		.leftJoin(boards, eq(boards.id, snapshot.boardId))
		.where(eq(bilans.id, snapshot.bilanId));
	return boardPdf(
		context ?? { organisationName: '', ownerName: null, boardTitle: null },
		snapshot,
		now
	);
}
