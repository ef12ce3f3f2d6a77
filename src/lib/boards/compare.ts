import { contentChanged } from './compare-kit.ts';
import { findBoardKind } from './registry.ts';

/**
 * What changed from one snapshot's summary to another's, in words; empty when nothing did. A
 * kind this client does not know says only whether the content changed.
 */
export function describeSnapshotChanges(kind: string, before: unknown, after: unknown): string[] {
	const known = findBoardKind(kind);
	return known ? known.compare(before, after) : contentChanged(before, after);
}
