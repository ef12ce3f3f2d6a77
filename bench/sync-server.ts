/**
 * The server side of `bench/sync.ts`, in its own process so that clients and server do not share
 * one event loop. `atelier`: our sync runtime (durable writes, embedded PGlite in memory, or
 * DATABASE_URL); `reference`: @y/websocket-server 0.1.1 (no auth, no persistence). Prints one
 * JSON line: the port, the board ids, and the headers clients must send.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { startRuntime } from '../server/runtime.ts';
import { createSession } from '../src/lib/server/auth/session.ts';
import { createBoard } from '../src/lib/server/boards.service.ts';
import { readConfig } from '../src/lib/server/config.ts';
import { newBilan, newOrganisation, newUser } from '../tests/helpers/factories.ts';
import { testKind } from '../tests/helpers/sync-client.ts';

const [mode, boardCount] = [process.argv[2], Number(process.argv[3] ?? 4)];
const server = createServer((_req, res) => res.writeHead(404).end());
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as AddressInfo).port;
const origin = `http://127.0.0.1:${port}`;

if (mode === 'reference') {
	// A computed specifier keeps this JavaScript-only package out of the type check.
	const utilsModule = '@y/websocket-server/utils';
	const { setupWSConnection } = await import(utilsModule);
	const wss = new WebSocketServer({ noServer: true });
	server.on('upgrade', (req, socket, head) => {
		wss.handleUpgrade(req, socket, head, (ws) => {
			const docName = (req.url ?? '').slice('/yjs/'.length).split('?')[0];
			setupWSConnection(ws, req, { docName });
		});
	});
	const boards = Array.from({ length: boardCount }, (_, i) => `bench-${i}`);
	console.log(JSON.stringify({ port, boards, headers: {} }));
} else {
	const config = readConfig({
		...process.env,
		ATELIER_DATA_DIR: 'memory://',
		SYNC_UPDATES_PER_SECOND: '1000'
	});
	const runtime = await startRuntime(config, { boardKinds: [testKind] });
	server.on('upgrade', (req, socket, head) => {
		if (!runtime.handleUpgrade(req, socket, head)) socket.destroy();
	});
	const db = runtime.database.db;
	const org = await newOrganisation(db);
	const consultant = await newUser(db, 'consultant', org.id);
	const beneficiary = await newUser(db, 'beneficiary', org.id);
	const bilan = await newBilan(db, {
		organisationId: org.id,
		beneficiaryId: beneficiary.id,
		consultantId: consultant.id
	});
	const boards: string[] = [];
	for (let i = 0; i < boardCount; i++) {
		const board = await createBoard(db, consultant, bilan.id, { kind: 'test', title: 'B' }, [
			testKind
		]);
		boards.push(board.id);
	}
	const { token } = await createSession(db, consultant.id);
	console.log(
		JSON.stringify({ port, boards, headers: { cookie: `atelier_session=${token}`, origin } })
	);
}
