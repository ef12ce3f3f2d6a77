import { createTLSchema } from '@tldraw/tlschema';
import type { BoardKind } from '../kind.ts';
import { canvasKind, canvasSchema } from './model.ts';
import type { StoredRecord } from './shapes.ts';

type RecordTypes = Record<string, { validate(record: unknown): unknown } | undefined>;
const recordTypes = createTLSchema().types as RecordTypes;

/**
 * Whether tldraw's own schema accepts `record`, as the editor would before loading it (a few
 * microseconds per record). Server-only: tldraw must stay out of the pages' main bundle.
 */
export function isValidRecord(record: StoredRecord): boolean {
	const type = recordTypes[record.typeName];
	if (!type) return false;
	try {
		type.validate(record);
		return true;
	} catch {
		return false;
	}
}

/** The canvas kind as the sync server checks it: every record validated by tldraw itself. */
export const serverCanvasKind: BoardKind = { ...canvasKind, schema: canvasSchema(isValidRecord) };
