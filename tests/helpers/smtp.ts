import { createServer, type Server } from 'node:net';

/** A message as the fake SMTP server received it (raw DATA, dot-unstuffed). */
export interface ReceivedMail {
	from: string;
	to: string[];
	data: string;
}

/**
 * The smallest SMTP server nodemailer will talk to (no TLS, no auth), on loopback, recording
 * every message. Enough to check what the app sends without a real mail service.
 */
export async function startFakeSmtp(): Promise<{
	url: string;
	messages: ReceivedMail[];
	close(): Promise<void>;
}> {
	const messages: ReceivedMail[] = [];
	const server: Server = createServer((socket) => {
		let buffer = '';
		let inData = false;
		let current: ReceivedMail = { from: '', to: [], data: '' };
		socket.write('220 fake-smtp ready\r\n');
		socket.on('data', (chunk) => {
			buffer += chunk.toString('utf8');
			for (;;) {
				if (inData) {
					const end = buffer.indexOf('\r\n.\r\n');
					if (end < 0) return;
					current.data = buffer.slice(0, end).replace(/^\.\./gm, '.');
					buffer = buffer.slice(end + 5);
					messages.push(current);
					current = { from: '', to: [], data: '' };
					inData = false;
					socket.write('250 queued\r\n');
					continue;
				}
				const eol = buffer.indexOf('\r\n');
				if (eol < 0) return;
				const line = buffer.slice(0, eol);
				buffer = buffer.slice(eol + 2);
				const verb = line.slice(0, 4).toUpperCase();
				if (verb === 'EHLO' || verb === 'HELO') socket.write('250 fake-smtp\r\n');
				else if (verb === 'MAIL') {
					current.from = line;
					socket.write('250 ok\r\n');
				} else if (verb === 'RCPT') {
					current.to.push(/<([^>]*)>/.exec(line)?.[1] ?? line);
					socket.write('250 ok\r\n');
				} else if (verb === 'DATA') {
					inData = true;
					socket.write('354 go ahead\r\n');
				} else if (verb === 'QUIT') {
					socket.end('221 bye\r\n');
					return;
				} else socket.write('250 ok\r\n');
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		url: `smtp://127.0.0.1:${port}`,
		messages,
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}
