// The React island: everything that pulls React and tldraw lives behind this module, which
// CanvasLive.svelte imports dynamically. Its CSS is imported here so it stays in this chunk.
import 'tldraw/tldraw.css';
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite';
import { atom, react } from '@tldraw/state';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import {
	AssetRecordType,
	Tldraw,
	createTLStore,
	getHashForString,
	defaultBindingUtils,
	defaultShapeUtils,
	type Editor,
	type TLAssetStore,
	type TLBookmarkAsset,
	type TLUiOverrides
} from 'tldraw';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { ExternalHistory } from '../session.svelte.ts';
import { CanvasBinding } from './binding.ts';

/** The image types the asset endpoint accepts (checked there by magic bytes). */
export const ACCEPTED_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

export interface CanvasIslandOptions {
	target: HTMLElement;
	boardId: string;
	doc: Y.Doc;
	awareness: Awareness;
	readOnly: boolean;
	user: { id: string; name: string; color: string };
	locale: string;
	licenseKey: string | undefined;
	maxAssetBytes: number;
	/** Images can be added (`BoardViewProps.imageUploads`): else no image button, drop or paste. */
	imageUploads: boolean;
	/** Called once the editor is up, with its history for the page's undo/redo. */
	onHistory(history: ExternalHistory): () => void;
	/** An image the server refused (`status`, with its French message when it sent one). */
	onUploadFailed(status: number, message: string | null): void;
	/** The document was written by a newer tldraw: the canvas stays read-only. */
	onNewerDocument(): void;
}

export interface CanvasIsland {
	setReadOnly(readOnly: boolean): void;
	destroy(): void;
}

const assetUrls = getAssetUrlsByImport();

function assetStore(options: CanvasIslandOptions): TLAssetStore {
	return {
		async upload(_asset, file, signal) {
			const body = new FormData();
			body.set('file', file);
			const response = await fetch(`/api/v1/boards/${options.boardId}/assets`, {
				method: 'POST',
				body,
				signal
			});
			if (!response.ok) {
				const message = await response
					.json()
					.then((body: { error?: unknown }) => (typeof body.error === 'string' ? body.error : null))
					.catch(() => null);
				options.onUploadFailed(response.status, message);
				throw new Error(`asset upload refused: ${response.status}`);
			}
			const { asset } = (await response.json()) as { asset: { url: string } };
			return { src: asset.url };
		},
		// Same-origin URLs: the session cookie carries the board's read permission.
		resolve: (asset) => asset.props.src
	};
}

/**
 * The page loads nothing from other sites (Content-Security-Policy, svelte.config.js), so links
 * stay links: no embedded players or maps (`embeds: []`, no "insert embed" item), and a pasted
 * link becomes a bookmark without tldraw first fetching the page — a no-cors fetch could not read
 * it anyway, and the beneficiary's browser contacts no one.
 */
function bookmarkWithoutFetch(url: string): TLBookmarkAsset {
	return {
		id: AssetRecordType.createId(getHashForString(url)),
		typeName: 'asset',
		type: 'bookmark',
		props: { src: url, title: url, description: '', image: '', favicon: '' },
		meta: {}
	};
}

/**
 * Undo/redo stay with the page (buttons and keys call the session, which calls tldraw). Without
 * image uploads, the image button (the `asset` tool) and its action (menu, Ctrl+U) are gone.
 */
function overrides(history: () => ExternalHistory | null, imageUploads: boolean): TLUiOverrides {
	return {
		tools(_editor, tools) {
			if (!imageUploads) delete tools['asset'];
			return tools;
		},
		actions(_editor, actions) {
			delete actions['insert-embed'];
			if (!imageUploads) delete actions['insert-media'];
			for (const id of ['undo', 'redo'] as const) {
				const action = actions[id];
				if (!action) continue;
				actions[id] = {
					...action,
					kbd: undefined,
					onSelect: () => (id === 'undo' ? history()?.undo() : history()?.redo())
				};
			}
			return actions;
		}
	};
}

/** Mounts tldraw into `target`, bound to the board's document and presence. */
export function mountCanvas(options: CanvasIslandOptions): CanvasIsland {
	const mode = atom<'readonly' | 'readwrite'>('mode', options.readOnly ? 'readonly' : 'readwrite');
	const store = createTLStore({
		shapeUtils: defaultShapeUtils,
		bindingUtils: defaultBindingUtils,
		assets: assetStore(options),
		collaboration: { status: null, mode }
	});
	const origin = { canvas: options.boardId };
	const binding = new CanvasBinding({
		store,
		doc: options.doc,
		origin,
		boardId: options.boardId,
		// tldraw's collaboration mode sets the editor read-only (instance state `isReadonly`).
		readOnly: () => mode.get() === 'readonly',
		presence: { awareness: options.awareness, user: options.user }
	});
	if (binding.newerSchema) {
		mode.set('readonly');
		options.onNewerDocument();
	}
	let history: ExternalHistory | null = null;
	const stops: (() => void)[] = [];
	const onMount = (editor: Editor) => {
		editor.registerExternalAssetHandler('url', async ({ url }) => bookmarkWithoutFetch(url));
		editor.user.updateUserPreferences({
			locale: options.locale,
			name: options.user.name,
			color: options.user.color
		});
		history = {
			undo: () => editor.undo(),
			redo: () => editor.redo(),
			subscribe: (onChange) =>
				react('canvas history', () => onChange(editor.getCanUndo(), editor.getCanRedo()))
		};
		stops.push(options.onHistory(history));
	};
	const root = createRoot(options.target);
	root.render(
		createElement(Tldraw, {
			store,
			onMount,
			licenseKey: options.licenseKey,
			assetUrls,
			embeds: [],
			overrides: overrides(() => history, options.imageUploads),
			acceptedImageMimeTypes: options.imageUploads ? ACCEPTED_IMAGE_TYPES : [],
			acceptedVideoMimeTypes: [],
			maxAssetSize: options.maxAssetBytes
		})
	);
	return {
		setReadOnly(readOnly) {
			mode.set(readOnly || binding.newerSchema ? 'readonly' : 'readwrite');
		},
		destroy() {
			for (const stop of stops) stop();
			root.unmount();
			binding.destroy();
			store.dispose();
		}
	};
}
