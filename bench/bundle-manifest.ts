import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Reads the client build (Vite's manifest and SvelteKit's route dictionary) to tell which files a
 * route loads before any dynamic import, and where React and tldraw end up. Shared by
 * `bench/bundle.ts` and the canvas end-to-end test.
 */

export interface ManifestChunk {
	file: string;
	src?: string;
	isEntry?: boolean;
	isDynamicEntry?: boolean;
	imports?: string[];
	dynamicImports?: string[];
	css?: string[];
	assets?: string[];
}

export type Manifest = Record<string, ManifestChunk>;

export const CLIENT_DIR = '.svelte-kit/output/client';
export const ISLAND_KEY = 'src/lib/boards/canvas/island.ts';
export const CANVAS_VIEW_KEY = 'src/lib/boards/canvas/CanvasBoard.svelte';
const START_KEY = 'node_modules/@sveltejs/kit/src/runtime/client/entry.js';
const APP_KEY = '.svelte-kit/generated/client-optimized/app.js';
const nodeKey = (index: number) => `.svelte-kit/generated/client-optimized/nodes/${index}.js`;

/** Markers found only in React's and tldraw's code (React 19's element tag, tldraw's packages). */
const FOREIGN_MARKERS = ['react.transitional.element', '"@tldraw/editor"', 'tldraw.css'];

export function loadManifest(root = '.'): Manifest {
	return JSON.parse(readFileSync(join(root, CLIENT_DIR, '.vite/manifest.json'), 'utf8'));
}

/** Each route id with its manifest keys: SvelteKit's start and app entries, layouts, page. */
export function routeEntries(root = '.'): Map<string, string[]> {
	const app = readFileSync(join(root, '.svelte-kit/generated/client-optimized/app.js'), 'utf8');
	const dictionary = /export const dictionary = \{([\s\S]*?)\};/.exec(app)?.[1] ?? '';
	const routes = new Map<string, string[]>();
	for (const match of dictionary.matchAll(/"([^"]+)":\s*\[([^\]]*)\]/g)) {
		const nodes = [...match[2]!.matchAll(/\d+/g)].map((m) => Number(m[0]));
		// Node 0 is the root layout, always loaded.
		const keys = [START_KEY, APP_KEY, nodeKey(0), ...nodes.map(nodeKey)];
		routes.set(match[1]!, [...new Set(keys)]);
	}
	return routes;
}

/** Manifest keys reachable from `keys` through static imports only. */
export function staticClosure(manifest: Manifest, keys: readonly string[]): Set<string> {
	const seen = new Set<string>();
	const visit = (key: string) => {
		if (seen.has(key) || !manifest[key]) return;
		seen.add(key);
		for (const next of manifest[key]!.imports ?? []) visit(next);
	};
	for (const key of keys) visit(key);
	return seen;
}

/** The JS and CSS files of a set of manifest keys. */
export function filesOf(
	manifest: Manifest,
	keys: Iterable<string>
): { js: string[]; css: string[] } {
	const js = new Set<string>();
	const css = new Set<string>();
	for (const key of keys) {
		const chunk = manifest[key];
		if (!chunk) continue;
		if (chunk.file.endsWith('.js')) js.add(chunk.file);
		for (const file of chunk.css ?? []) css.add(file);
	}
	return { js: [...js], css: [...css] };
}

export interface Size {
	files: number;
	raw: number;
	gzip: number;
}

export function sizeOf(files: readonly string[], root = '.'): Size {
	let raw = 0;
	let gzip = 0;
	for (const file of files) {
		const bytes = readFileSync(join(root, CLIENT_DIR, file));
		raw += bytes.length;
		gzip += gzipSync(bytes).length;
	}
	return { files: files.length, raw, gzip };
}

/** Whether a built JS file holds React or tldraw code. */
export function holdsReactOrTldraw(file: string, root = '.'): boolean {
	const text = readFileSync(join(root, CLIENT_DIR, file), 'utf8');
	return FOREIGN_MARKERS.some((marker) => text.includes(marker));
}

/**
 * The files only the canvas needs: what the island pulls in statically, less whatever any route
 * or other board view loads anyway.
 */
export function canvasOnlyFiles(manifest: Manifest, root = '.'): { js: string[]; css: string[] } {
	const island = staticClosure(manifest, [ISLAND_KEY]);
	const elsewhere = new Set<string>();
	for (const keys of routeEntries(root).values()) {
		for (const key of staticClosure(manifest, keys)) elsewhere.add(key);
	}
	return filesOf(
		manifest,
		[...island].filter((key) => !elsewhere.has(key))
	);
}

/** Problems found: the canvas island reachable statically from a route, or React/tldraw code. */
export function canvasLeaks(manifest: Manifest, root = '.'): string[] {
	const problems: string[] = [];
	if (!manifest[ISLAND_KEY]?.isDynamicEntry) problems.push(`${ISLAND_KEY} is not a dynamic entry`);
	if (staticClosure(manifest, [CANVAS_VIEW_KEY]).has(ISLAND_KEY)) {
		problems.push(`${CANVAS_VIEW_KEY} imports the island statically`);
	}
	const checkKeys = (label: string, keys: readonly string[]) => {
		const closure = staticClosure(manifest, keys);
		if (closure.has(ISLAND_KEY)) problems.push(`${label} loads the canvas island`);
		for (const file of filesOf(manifest, closure).js) {
			if (holdsReactOrTldraw(file, root)) problems.push(`${label} loads ${file} (React/tldraw)`);
		}
	};
	for (const [route, keys] of routeEntries(root)) checkKeys(`route ${route}`, keys);
	const boardNode =
		manifest[routeEntries(root).get('/bilans/[id]/tableaux/[boardId]')?.at(-1) ?? ''];
	for (const view of boardNode?.dynamicImports ?? []) {
		if (view !== CANVAS_VIEW_KEY) checkKeys(`view ${view}`, [view]);
	}
	return problems;
}
