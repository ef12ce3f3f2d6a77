import type { Content } from 'pdfmake/interfaces';
import { courbeGeometry, ikigaiGeometry } from '../boards/synthese/drawings.ts';
import type { CourbeDrawing, IkigaiDrawing } from '../boards/synthese/prefill.ts';
import { PDF_COLORS, paragraphs } from './pdf.ts';

/**
 * The Ikigai and the courbe de vie as PDF content: SVG built from the shared geometry, which
 * pdfmake turns into vector paths and real text (searchable, sharp at any zoom), followed by the
 * notes or the legend as ordinary text.
 */

/** Escapes text for SVG markup (notes and titles are the people's own words). */
function xml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}

/** The four circles with their names and the number of notes in each zone, as SVG. */
export function ikigaiSvg(drawing: IkigaiDrawing): string {
	const g = ikigaiGeometry(drawing);
	const shapes = g.circles.map(
		(c) =>
			`<circle cx="${c.cx}" cy="${c.cy}" r="${c.r}" fill="${c.fill}" fill-opacity="0.45" stroke="${PDF_COLORS.text}" stroke-width="3"/>`
	);
	const labels = g.labels.map((label) => {
		const size = label.strong ? 30 : 26;
		const weight = label.strong ? ' font-weight="bold"' : '';
		const lines = [...label.lines, `(${label.count})`];
		const top = label.y - ((lines.length - 1) * size * 1.15) / 2;
		const spans = lines
			.map(
				(line, i) =>
					`<text x="${label.x}" y="${Math.round(top + i * size * 1.15)}" font-family="Roboto" font-size="${size}"${weight} text-anchor="middle" fill="${PDF_COLORS.text}">${xml(line)}</text>`
			)
			.join('');
		return spans;
	});
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${g.size}" height="${g.size}" viewBox="0 0 ${g.size} ${g.size}">${shapes.join('')}${labels.join('')}</svg>`;
}

/** The courbe de vie (satisfaction −5…+5 over time) as SVG: axes, zero line, numbered points. */
export function courbeSvg(courbe: CourbeDrawing): string {
	const g = courbeGeometry(courbe);
	const { plot } = g;
	const parts = [
		`<rect x="${plot.left}" y="${plot.top}" width="${plot.right - plot.left}" height="${plot.bottom - plot.top}" fill="none" stroke="${PDF_COLORS.rule}" stroke-width="2"/>`,
		`<line x1="${plot.left}" y1="${g.zeroY}" x2="${plot.right}" y2="${g.zeroY}" stroke="${PDF_COLORS.muted}" stroke-width="2" stroke-dasharray="8 6"/>`,
		...g.yTicks.map(
			(t) =>
				`<text x="${plot.left - 12}" y="${t.y + 9}" font-family="Roboto" font-size="26" text-anchor="end" fill="${PDF_COLORS.muted}">${t.value > 0 ? `+${t.value}` : t.value}</text>`
		),
		...g.xTicks.map(
			(t) =>
				`<text x="${t.x}" y="${plot.bottom + 36}" font-family="Roboto" font-size="24" text-anchor="middle" fill="${PDF_COLORS.muted}">${t.label}</text>`
		)
	];
	if (g.points.length > 1) {
		parts.push(
			`<polyline points="${g.polyline}" fill="none" stroke="${PDF_COLORS.accent}" stroke-width="4"/>`
		);
	}
	for (const p of g.points) {
		const r = p.keyMoment ? 16 : 12;
		parts.push(
			`<circle cx="${p.x}" cy="${p.y}" r="${r}" fill="${p.keyMoment ? '#c2410c' : PDF_COLORS.accent}"/>`,
			`<text x="${p.x}" y="${p.y - 22}" font-family="Roboto" font-size="24" font-weight="bold" text-anchor="middle" fill="${PDF_COLORS.text}">${p.n}</text>`
		);
	}
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${g.width}" height="${g.height}" viewBox="0 0 ${g.width} ${g.height}">${parts.join('')}</svg>`;
}

/** "2019-04" → "04/2019". */
function monthLabel(month: string): string {
	const [year, m] = month.split('-');
	return `${m}/${year}`;
}

/** The Ikigai drawing and, below it, the notes of every zone that has some. */
export function ikigaiContent(drawing: IkigaiDrawing): Content[] {
	const zones = drawing.regions.filter((region) => region.notes.length > 0);
	return [
		{ svg: ikigaiSvg(drawing), width: 300, alignment: 'center', margin: [0, 4, 0, 8] },
		...(zones.length === 0
			? paragraphs('', 'Aucune note sur l’Ikigai.')
			: zones.map((zone): Content => ({
					stack: [
						{ text: zone.label, bold: true },
						{ ul: zone.notes.map((note) => ({ text: note })), margin: [0, 2, 0, 6] }
					],
					unbreakable: true
				})))
	];
}

/** The courbe de vie and its legend (number, period, title, satisfaction). */
export function courbeContent(courbe: CourbeDrawing): Content[] {
	const g = courbeGeometry(courbe);
	return [
		{ svg: courbeSvg(courbe), width: 480, alignment: 'center', margin: [0, 4, 0, 8] },
		{
			table: {
				headerRows: 1,
				widths: ['auto', 'auto', '*', 'auto'],
				body: [
					[
						{ text: 'N°', bold: true },
						{ text: 'Début', bold: true },
						{ text: 'Expérience', bold: true },
						{ text: 'Satisfaction', bold: true }
					],
					...g.points.map((p) => [
						String(p.n),
						monthLabel(p.month),
						p.keyMoment ? `${p.title} (moment clé)` : p.title,
						p.satisfaction > 0 ? `+${p.satisfaction}` : String(p.satisfaction)
					])
				]
			},
			layout: 'lightHorizontalLines',
			fontSize: 9.5
		}
	];
}
