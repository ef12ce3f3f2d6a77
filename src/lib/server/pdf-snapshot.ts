import { eq } from 'drizzle-orm';
import type { Content } from 'pdfmake/interfaces';
import type { ActionPlanSummary } from '../boards/action-plan/model.ts';
import type { CanvasSummary } from '../boards/canvas/model.ts';
import type { IkigaiSummary } from '../boards/ikigai/model.ts';
import type { SyntheseSummary } from '../boards/synthese/model.ts';
import { actionsText, pistesText, skillsText, valuesText } from '../boards/synthese/prefill.ts';
import type { TimelineSummary } from '../boards/timeline/model.ts';
import type { ValuesSummary } from '../boards/values/model.ts';
import { formatDateTime } from '../format/dates.ts';
import type { Db } from './db/index.ts';
import { bilans, boards, organisations, users, type BoardSnapshot } from './db/schema.ts';
import { courbeContent, ikigaiContent } from './pdf-drawings.ts';
import { sectionsContent } from './pdf-synthese.ts';
import { keyValueTable, pageFurniture, paragraphs, renderPdf } from './pdf.ts';

/**
 * A readable PDF of one board snapshot, from its summary (the ZIP of the bilan's documents):
 * lists and texts for every kind, the Ikigai and the courbe de vie drawn as vectors. The canvas
 * gives its texts only; its drawing is exported as SVG separately.
 */

const kindTitles: Record<string, string> = {
	values: 'Cartes des valeurs',
	ikigai: 'Ikigai',
	timeline: 'Ligne de vie',
	'action-plan': 'Plan d’action',
	canvas: 'Tableau libre',
	synthese: 'Document de synthèse'
};

function valuesContent(summary: ValuesSummary): Content[] {
	const piles = summary.piles.filter((pile) => pile.values.length > 0);
	return [
		{ text: 'Classement', style: 'h2' },
		...paragraphs(valuesText(summary), 'Aucune valeur classée.'),
		{ text: 'Tri des cartes', style: 'h2' },
		...(piles.length === 0
			? paragraphs('', 'Aucune carte triée.')
			: piles.map((pile): Content => ({
					text: [{ text: `${pile.label} : `, bold: true }, pile.values.join(', ')]
				})))
	];
}

function timelineContent(summary: TimelineSummary): Content[] {
	const parts: Content[] = [];
	if (summary.courbe.length > 0) {
		parts.push({ text: 'Courbe de vie', style: 'h2' }, ...courbeContent(summary.courbe));
	}
	for (const lane of summary.lanes) {
		if (lane.experiences.length === 0) continue;
		parts.push({ text: lane.label, style: 'h2' });
		for (const e of lane.experiences) {
			const period = `${e.start} → ${e.end ?? 'en cours'}`;
			parts.push({
				stack: [
					{ text: [e.title, e.organisation ? ` — ${e.organisation}` : ''], bold: true },
					{
						text: `${period} · satisfaction ${e.satisfaction > 0 ? '+' : ''}${e.satisfaction}`,
						style: 'muted'
					},
					...(e.description ? paragraphs(e.description) : [])
				],
				margin: [0, 0, 0, 6],
				unbreakable: true
			});
		}
	}
	parts.push(
		{ text: 'Compétences', style: 'h2' },
		...paragraphs(skillsText(summary), 'Aucune compétence notée.')
	);
	return parts;
}

function actionPlanContent(summary: ActionPlanSummary): Content[] {
	return [
		{ text: 'Pistes', style: 'h2' },
		...paragraphs(pistesText(summary), 'Aucune piste.'),
		{ text: 'Actions', style: 'h2' },
		...paragraphs(actionsText(summary), 'Aucune action.')
	];
}

function canvasContent(summary: CanvasSummary): Content[] {
	return [
		{ text: `Textes du tableau (${summary.shapeCount} formes)`, style: 'h2' },
		...(summary.texts.length === 0
			? paragraphs('', 'Aucun texte sur ce tableau.')
			: [{ ul: summary.texts.map((t) => t.text) }])
	];
}

/** The body of a snapshot's PDF, by kind; a kind this build does not know shows its JSON. */
export function summaryContent(summary: unknown): Content[] {
	const kind = (summary as { kind?: unknown } | null)?.kind;
	switch (kind) {
		case 'values':
			return valuesContent(summary as ValuesSummary);
		case 'ikigai':
			return ikigaiContent({ regions: (summary as IkigaiSummary).regions });
		case 'timeline':
			return timelineContent(summary as TimelineSummary);
		case 'action-plan':
			return actionPlanContent(summary as ActionPlanSummary);
		case 'canvas':
			return canvasContent(summary as CanvasSummary);
		case 'synthese':
			return sectionsContent((summary as SyntheseSummary).sections);
		default:
			return [{ text: JSON.stringify(summary, null, 2), fontSize: 8 }];
	}
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
			beneficiaryName: users.name,
			boardTitle: boards.title
		})
		.from(bilans)
		.innerJoin(organisations, eq(organisations.id, bilans.organisationId))
		.innerJoin(users, eq(users.id, bilans.beneficiaryId))
		.leftJoin(boards, eq(boards.id, snapshot.boardId))
		.where(eq(bilans.id, snapshot.bilanId));
	const kindTitle = kindTitles[snapshot.kind] ?? snapshot.kind;
	return renderPdf({
		...pageFurniture({
			organisationName: context?.organisationName ?? '',
			title: kindTitle,
			generatedAt: now
		}),
		content: [
			{ text: context?.boardTitle ?? kindTitle, style: 'h1' },
			keyValueTable([
				['Tableau', kindTitle],
				['Bénéficiaire', context?.beneficiaryName ?? '—'],
				['Instantané', snapshot.label],
				['Enregistré le', formatDateTime(snapshot.createdAt, 'fr', 'long')]
			]),
			...summaryContent(snapshot.summary)
		]
	});
}
