/**
 * `npm run bench:bundle` (after `npm run build`): the JavaScript a board page loads, per board
 * kind, from the client build's manifest; raw and gzip bytes. The Tableau libre adds React and
 * tldraw in a chunk of its own: this script fails loudly if that chunk (or any React/tldraw
 * code) is reachable from another route or board view without a dynamic import.
 */
import {
	CANVAS_VIEW_KEY,
	ISLAND_KEY,
	canvasLeaks,
	canvasOnlyFiles,
	filesOf,
	loadManifest,
	routeEntries,
	sizeOf,
	staticClosure,
	type Size
} from './bundle-manifest.ts';

const BOARD_ROUTE = '/bilans/[id]/tableaux/[boardId]';
const manifest = loadManifest();
const routes = routeEntries();
const boardKeys = routes.get(BOARD_ROUTE);
if (!boardKeys) throw new Error(`no ${BOARD_ROUTE} in the build: run npm run build first`);

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const rows: { name: string; js: Size; css: Size }[] = [];
function measure(name: string, keys: string[]) {
	const files = filesOf(manifest, staticClosure(manifest, keys));
	rows.push({ name, js: sizeOf(files.js), css: sizeOf(files.css) });
}

const boardNode = manifest[boardKeys.at(-1)!]!;
measure('board page (no view yet)', boardKeys);
for (const view of boardNode.dynamicImports ?? []) {
	const kind = view.split('/').at(-2);
	if (view === CANVAS_VIEW_KEY) {
		measure(`+ ${kind} (outline only)`, [...boardKeys, view]);
		measure(`+ ${kind} (live: React + tldraw)`, [...boardKeys, view, ISLAND_KEY]);
	} else {
		measure(`+ ${kind}`, [...boardKeys, view]);
	}
}
measure('bilan page', routes.get('/bilans/[id]') ?? []);

console.log('JavaScript (and CSS) loaded by each page, from the client build manifest\n');
console.log(
	[
		'page'.padEnd(40),
		'files',
		'JS raw'.padStart(12),
		'JS gzip'.padStart(12),
		'CSS gzip'.padStart(10)
	].join(' ')
);
for (const row of rows) {
	console.log(
		[
			row.name.padEnd(40),
			String(row.js.files).padStart(5),
			kib(row.js.raw).padStart(12),
			kib(row.js.gzip).padStart(12),
			kib(row.css.gzip).padStart(10)
		].join(' ')
	);
}
const only = canvasOnlyFiles(manifest);
const onlyJs = sizeOf(only.js);
console.log(
	`\nCanvas-only chunks: ${only.js.length} JS files, ${kib(onlyJs.raw)} raw, ${kib(onlyJs.gzip)} gzip; CSS ${kib(sizeOf(only.css).gzip)} gzip`
);

const leaks = canvasLeaks(manifest);
if (leaks.length > 0) {
	console.error('\nFAIL: the canvas chunk leaks into other pages:');
	for (const leak of leaks) console.error(`  - ${leak}`);
	process.exit(1);
}
console.log('OK: React and tldraw load only on a canvas board in live mode (dynamic import).');
