import type { Plugin } from 'vite';
import type { Runtime } from './runtime.ts';

/**
 * `npm run dev` behaves like production: the same runtime (database, realtime endpoints) runs
 * inside Vite's dev server. Loaded through Vite's SSR module graph so the pages and the runtime
 * share one instance of every module.
 */
export function atelierDevServer(): Plugin {
	return {
		name: 'atelier-dev-server',
		apply: (_config, env) => env.command === 'serve' && !process.env.VITEST,
		async configureServer(server) {
			const { loadConfig } = await server.ssrLoadModule('/src/lib/server/config.ts');
			const { startRuntime } = await server.ssrLoadModule('/server/runtime.ts');
			const runtime: Runtime = await startRuntime(loadConfig());
			server.middlewares.use((req, res, next) => {
				if (!runtime.handleRequest(req, res)) next();
			});
			server.httpServer?.on('upgrade', (req, socket, head) => {
				runtime.handleUpgrade(req, socket, head);
			});
			server.httpServer?.once('close', () => void runtime.close());
		}
	};
}
