/**
 * The server side of `bench/seance.ts`, in its own process. `atelier`: our runtime (séance server
 * with its handshake, validation, rates and roster; one node, in-memory adapter, PGlite in a fresh
 * folder or a fresh database next to DATABASE_URL's), with `count` bilans whose séance is started,
 * each with a consultant and a beneficiary signed in. `reference`: a bare socket.io server with the
 * same options (WebSocket only, connection state recovery, same message size) that puts each
 * socket in its séance's room and relays `seance.place` as `seance.follow` to it — no session, no
 * permission, no validation, no rate. Prints one JSON line (`Ready`); `GET /bench-stats` answers
 * the event-loop delay since the previous call.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Server } from 'socket.io';
import { MAX_MESSAGE_BYTES, RECOVERY_MS } from '../server/seance/seance-server.ts';
import type { Place } from '../src/lib/seance/protocol.ts';
import { createSession } from '../src/lib/server/auth/session.ts';
import { startSeance } from '../src/lib/server/seance.service.ts';
import { newBilan, newOrganisation, newUser } from '../tests/helpers/factories.ts';
import { startBenchRuntime } from './runtime.ts';

/** One séance: its bilan, and the `Cookie` of its consultant (who leads) and beneficiary. */
export interface BenchSeance {
	bilanId: string;
	leaderCookie: string;
	participantCookie: string;
}

/** What the process prints once it listens. */
export interface Ready {
	port: number;
	origin: string;
	seances: BenchSeance[];
}

const [mode, count] = [process.argv[2], Number(process.argv[3] ?? 55)];
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
const server = createServer((req, res) => {
	if (req.url !== '/bench-stats') return res.writeHead(404).end();
	const stats = { loopP99Ms: loop.percentile(99) / 1e6, loopMaxMs: loop.max / 1e6 };
	loop.reset();
	res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as AddressInfo).port;
const origin = `http://127.0.0.1:${port}`;
let ready: Ready;

if (mode === 'reference') {
	const io = new Server(server, {
		transports: ['websocket'],
		maxHttpBufferSize: MAX_MESSAGE_BYTES,
		serveClient: false,
		connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_MS }
	});
	io.on('connection', (socket) => {
		const room = `seance:${(socket.handshake.auth as { bilanId: string }).bilanId}`;
		void socket.join(room);
		socket.on('seance.place', (place: Place) =>
			socket.to(room).emit('seance.follow', place, false)
		);
	});
	process.once('SIGTERM', () => process.exit(0));
	const seances = Array.from({ length: count }, (_, i) => ({
		bilanId: `bench-${i}`,
		leaderCookie: '',
		participantCookie: ''
	}));
	ready = { port, origin, seances };
} else {
	const runtime = await startBenchRuntime(server, {
		REDIS_URL: '',
		// A cohort-sized séance here is one beneficiary with twenty tabs.
		SEANCE_MAX_SOCKETS_PER_SESSION: '1000',
		SEANCE_MAX_SOCKETS_PER_USER: '1000'
	});
	const db = runtime.database.db;
	const org = await newOrganisation(db);
	const cookie = async (userId: string) =>
		`atelier_session=${(await createSession(db, userId)).token}`;
	const seances: BenchSeance[] = [];
	for (let i = 0; i < count; i++) {
		const consultant = await newUser(db, 'consultant', org.id);
		const beneficiary = await newUser(db, 'beneficiary', org.id);
		const bilan = await newBilan(db, {
			organisationId: org.id,
			beneficiaryId: beneficiary.id,
			consultantId: consultant.id
		});
		await startSeance(db, consultant, bilan.id);
		seances.push({
			bilanId: bilan.id,
			leaderCookie: await cookie(consultant.id),
			participantCookie: await cookie(beneficiary.id)
		});
	}
	ready = { port, origin, seances };
}
console.log(JSON.stringify(ready));
