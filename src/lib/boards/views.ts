import type { Component } from 'svelte';
import type { BoardViewProps } from './view-props';

type ViewModule = { default: Component<BoardViewProps> };

/**
 * Each kind's view, loaded only when a board of that kind opens (its own chunk): someone sorting
 * value cards never downloads the timeline.
 */
export const boardViews: Readonly<Record<string, () => Promise<ViewModule>>> = {
	values: () => import('./values/ValuesBoard.svelte'),
	ikigai: () => import('./ikigai/IkigaiBoard.svelte'),
	timeline: () => import('./timeline/TimelineBoard.svelte'),
	'action-plan': () => import('./action-plan/ActionPlanBoard.svelte'),
	// The Svelte part only: in live mode it imports the React/tldraw island itself.
	canvas: () => import('./canvas/CanvasBoard.svelte'),
	// Snapshots of the synthèse open with the board page's machinery like any other kind.
	synthese: () => import('./synthese/SyntheseBoard.svelte')
};
