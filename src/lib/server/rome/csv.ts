/**
 * RFC 4180 CSV as France Travail publishes the ROME: comma-separated, every field quoted, quotes
 * doubled inside, line breaks allowed inside quotes (a centre d'intérêt's definition has some).
 * Returns the rows as objects keyed by the header line.
 */
export function parseCsv(text: string): Record<string, string>[] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	for (let i = 0; i < body.length; i++) {
		const char = body[i];
		if (quoted) {
			if (char !== '"') field += char;
			else if (body[i + 1] === '"') {
				field += '"';
				i++;
			} else quoted = false;
		} else if (char === '"') quoted = true;
		else if (char === ',') {
			row.push(field);
			field = '';
		} else if (char === '\n' || char === '\r') {
			if (char === '\r' && body[i + 1] === '\n') i++;
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else field += char;
	}
	if (quoted) throw new Error('CSV : guillemet non fermé en fin de fichier');
	if (field !== '' || row.length > 0) rows.push([...row, field]);
	const [header, ...records] = rows.filter((r) => r.length > 1 || r[0] !== '');
	if (!header) return [];
	return records.map((record, n) => {
		if (record.length !== header.length) {
			throw new Error(`CSV : ligne ${n + 2}, ${record.length} champs au lieu de ${header.length}`);
		}
		return Object.fromEntries(header.map((name, i) => [name, record[i]!]));
	});
}
