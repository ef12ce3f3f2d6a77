import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startRuntime, type Runtime } from '../../server/runtime.ts';
import type { BoardKind } from '../../src/lib/boards/kind.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { createBoard } from '../../src/lib/server/boards.service.ts';
import { readConfig } from '../../src/lib/server/config.ts';
import type { User } from '../../src/lib/server/db/schema.ts';
import { newBilan, newOrganisation, newUser } from './factories.ts';
import { testKind } from './sync-client.ts';

/**
 * The sync runtime in this process (embedded database in memory, the test board kind) behind a
 * plain http server on loopback: fast to start, for the sync server's own tests. The full app
 * runs as a separate process in tests/integration.
 */
export interface SyncHarness {
	url: string;
	runtime: Runtime;
	/** Headers of a signed-in browser tab on this origin. */
	headersFor(user: User): Promise<Record<string, string>>;
	consultant: User;
	beneficiary: User;
	/** A beneficiary of another bilan. */
	stranger: User;
	bilanId: string;
	/** A new board of the test kind in the bilan. */
	newBoard(): Promise<string>;
	close(): Promise<void>;
}

/** `kinds`: the board kinds the sync server accepts (the test kind by default). */
export async function startSyncHarness(
	env: Record<string, string> = {},
	kinds: readonly BoardKind[] = [testKind]
): Promise<SyncHarness> {
	const config = readConfig({ ATELIER_DATA_DIR: 'memory://', ...env });
	const runtime = await startRuntime(config, { boardKinds: kinds });
	const db = runtime.database.db;
	const server: Server = createServer((_req, res) => res.writeHead(404).end());
	server.on('upgrade', (req, socket, head) => {
		if (!runtime.handleUpgrade(req, socket, head)) socket.destroy();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const org = await newOrganisation(db);
	const consultant = await newUser(db, 'consultant', org.id);
	const beneficiary = await newUser(db, 'beneficiary', org.id);
	const stranger = await newUser(db, 'beneficiary', org.id);
	const bilan = await newBilan(db, {
		organisationId: org.id,
		beneficiaryId: beneficiary.id,
		consultantId: consultant.id
	});
	await newBilan(db, { organisationId: org.id, beneficiaryId: stranger.id });
	return {
		url,
		runtime,
		consultant,
		beneficiary,
		stranger,
		bilanId: bilan.id,
		async headersFor(user) {
			const { token } = await createSession(db, user.id);
			return { cookie: `atelier_session=${token}`, origin: url };
		},
		async newBoard() {
			const board = await createBoard(
				db,
				consultant,
				bilan.id,
				{ kind: 'test', title: 'Tableau' },
				[testKind]
			);
			return board.id;
		},
		async close() {
			server.closeAllConnections();
			await runtime.close();
			await new Promise((resolve) => server.close(resolve));
		}
	};
}
