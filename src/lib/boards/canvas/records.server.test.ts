import { createTLSchema } from '@tldraw/tlschema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	expectSchemaAccepts,
	initialState,
	playScenario,
	schemaViolations,
	stepsArbitrary,
	updatesOf
} from '../../../../tests/helpers/yjs-peers.ts';
import type { DocSchema } from '../doc-schema.ts';
import { canvasKind, documentRecordTypes, writeRecords } from './model.ts';
import type { StoredRecord } from './shapes.ts';
import {
	arrowRecord,
	documentRecord,
	drawRecord,
	geoRecord,
	noteRecord,
	pageRecord,
	textRecord
} from './records.fixtures.ts';
import { isValidRecord, serverCanvasKind } from './records.server.ts';

const seedState = initialState((doc) => {
	canvasKind.init(doc);
	writeRecords(doc, [documentRecord(), pageRecord()]);
});

/** What `schema` says of pushing `entries` to the records, on top of the seed. */
function verdictOf(schema: DocSchema, entries: unknown[]) {
	const updates = updatesOf((doc) => doc.getArray('records').push(entries));
	return schemaViolations(schema, seedState, updates)[0] ?? null;
}

/** What the server's canvas schema says of writing `records` on top of the seed. */
function verdict(...records: unknown[]) {
	const entries = records.map((val) => ({ key: (val as StoredRecord).id, val }));
	return verdictOf(serverCanvasKind.schema, entries);
}

describe('canvas records checked on the server', () => {
	it("knows tldraw's document-scope record types (a tldraw upgrade adding one fails here)", () => {
		const types = Object.values(createTLSchema().types)
			.filter((type) => type.scope === 'document')
			.map((type) => type.typeName)
			.sort();
		expect([...documentRecordTypes].sort()).toEqual(types);
	});

	it('accepts the records the editor writes', () => {
		const records = [
			noteRecord({ id: 'shape:note', text: 'Idée' }),
			geoRecord({ id: 'shape:geo', text: 'Cadre' }),
			textRecord({ id: 'shape:text', text: 'Texte' }),
			arrowRecord({ id: 'shape:arrow' }),
			drawRecord({ id: 'shape:draw', points: [{ x: 0, y: 0 }] })
		];
		expect(records.every(isValidRecord)).toBe(true);
		expect(verdict(...records)).toBeNull();
	});

	it('refuses what tldraw would drop: a BigInt, an unknown prop, a session record, a foreign id', () => {
		expect(verdict({ ...noteRecord({ id: 'shape:a' }), x: 10n })).toBe('non-JSON value');
		const note = noteRecord({ id: 'shape:a' });
		const extra = { ...note, props: { ...(note.props as object), couleur: 'rouge' } };
		expect(verdict(extra)).toBe('invalid value');
		// The same entry passes the shape-only check the pages' registry carries.
		expect(verdictOf(canvasKind.schema, [{ key: 'shape:a', val: extra }])).toBeNull();
		expect(verdict({ id: 'camera:x', typeName: 'camera', x: 0, y: 0, z: 1, meta: {} })).toBe(
			'invalid value'
		);
		expect(verdict({ ...pageRecord('shape:p') })).toBe('invalid value');
		expect(verdictOf(serverCanvasKind.schema, [{ key: 'shape:b', val: note }])).toBe(
			'invalid value'
		);
		expect(verdictOf(serverCanvasKind.schema, [{ key: 'shape:a', val: note, x: 1 }])).toBe(
			'invalid value'
		);
	});

	it('accepts random concurrent record writes and removals on two docs', () => {
		type Op = { remove: boolean; id: number; x: number; text: string; geo: boolean };
		const op: fc.Arbitrary<Op> = fc.record({
			remove: fc.boolean(),
			id: fc.nat({ max: 4 }),
			x: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
			text: fc.string({ maxLength: 20 }),
			geo: fc.boolean()
		});
		fc.assert(
			fc.property(stepsArbitrary(op, 2, 30), fc.integer(), (steps, seed) => {
				const peers = playScenario({
					count: 2,
					seedState,
					steps,
					seed,
					apply: (doc: Y.Doc, step: Op) => {
						const id = `shape:s${step.id}`;
						const record = step.geo
							? geoRecord({ id, x: step.x, text: step.text })
							: noteRecord({ id, x: step.x, text: step.text });
						doc.transact(() =>
							step.remove ? writeRecords(doc, [], [id]) : writeRecords(doc, [record])
						);
					},
					isExpectedError: () => false
				});
				expect(peers.sameSnapshots()).toBe(true);
				expectSchemaAccepts(serverCanvasKind.schema, seedState, peers.produced);
			}),
			{ numRuns: 40 }
		);
	});
});
