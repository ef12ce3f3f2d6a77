import { DocState } from '../doc-state.svelte.ts';
import type { BoardSession } from '../session.svelte.ts';
import { describeWallChanges } from './changes.ts';
import {
	addCluster,
	placeItem,
	readWall,
	removeCluster,
	renameCluster,
	type WallState
} from './model.ts';

/**
 * The group wall for the views: clusters and items as plain data (one's own votes and
 * reactions marked by `memberKey`), and the facilitator's operations. Posting, voting and
 * reacting are not here: they go through the server (`wall.service.ts`), the page wires them.
 */
export class WallBinding {
	#session: BoardSession;
	#state: DocState<WallState>;

	constructor(session: BoardSession, memberKey: string | null) {
		this.#session = session;
		this.#state = new DocState(session, (doc) => readWall(doc, memberKey), describeWallChanges);
	}

	get wall(): WallState {
		return this.#state.current;
	}

	/** True for participants: the wall is read-only over the WebSocket but for the facilitator. */
	get readOnly(): boolean {
		return this.#session.readOnly;
	}

	addCluster(name: string): string | null {
		return this.#session.apply((doc) => {
			addCluster(doc, name);
		});
	}

	renameCluster(clusterId: string, name: string): string | null {
		return this.#session.apply((doc) => renameCluster(doc, clusterId, name));
	}

	removeCluster(clusterId: string): string | null {
		return this.#session.apply((doc) => removeCluster(doc, clusterId));
	}

	placeItem(itemId: string, clusterId: string | null, index?: number): string | null {
		return this.#session.apply((doc) => placeItem(doc, itemId, clusterId, index));
	}

	destroy(): void {
		this.#state.destroy();
	}
}
