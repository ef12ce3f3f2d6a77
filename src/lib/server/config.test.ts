import { afterEach, describe, expect, it } from 'vitest';
import { bodySizeLimitFor } from './asset-limits.ts';
import { ConfigError, getConfig, readConfig, registerConfig } from './config.ts';

describe('readConfig: canvas images', () => {
	it('has defaults: 5 MiB an image, 50 MiB a board, 250 MiB a person, 40 Mpx, 16,384 px a side', () => {
		expect(readConfig({}).assets).toEqual({
			maxBytes: 5 * 1024 * 1024,
			boardQuotaBytes: 50 * 1024 * 1024,
			userQuotaBytes: 250 * 1024 * 1024,
			maxPixels: 40_000_000,
			maxSide: 16_384
		});
	});

	it('reads each ATELIER_ASSET_* variable and refuses nonsense', () => {
		const assets = readConfig({
			ATELIER_ASSET_MAX_BYTES: ' 1048576 ',
			ATELIER_ASSET_BOARD_QUOTA_BYTES: '2000000',
			ATELIER_ASSET_USER_QUOTA_BYTES: '3000000',
			ATELIER_ASSET_MAX_PIXELS: '1000000',
			ATELIER_ASSET_MAX_SIDE: '2000'
		}).assets;
		expect(assets).toEqual({
			maxBytes: 1048576,
			boardQuotaBytes: 2_000_000,
			userQuotaBytes: 3_000_000,
			maxPixels: 1_000_000,
			maxSide: 2000
		});
		for (const name of ['ATELIER_ASSET_MAX_BYTES', 'ATELIER_ASSET_USER_QUOTA_BYTES']) {
			for (const raw of ['0', '-1', '1.5', 'beaucoup']) {
				expect(() => readConfig({ [name]: raw }), `${name}=${raw}`).toThrow(ConfigError);
			}
		}
	});

	it('sizes the request body limit so that the largest image gets through', () => {
		expect(bodySizeLimitFor(1000)).toBeGreaterThan(1000);
	});
});

describe('readConfig: séances', () => {
	it('has defaults: 10 sockets a session, 20 a person, 20 places and 5 other events a second', () => {
		expect(readConfig({}).seance).toEqual({
			maxSocketsPerSession: 10,
			maxSocketsPerUser: 20,
			placesPerSecond: 20,
			eventsPerSecond: 5
		});
	});

	it('reads each SEANCE_* variable and refuses nonsense', () => {
		const names = {
			SEANCE_MAX_SOCKETS_PER_SESSION: 'maxSocketsPerSession',
			SEANCE_MAX_SOCKETS_PER_USER: 'maxSocketsPerUser',
			SEANCE_PLACES_PER_SECOND: 'placesPerSecond',
			SEANCE_EVENTS_PER_SECOND: 'eventsPerSecond'
		} as const;
		for (const [name, field] of Object.entries(names)) {
			expect(readConfig({ [name]: '7' }).seance[field], name).toBe(7);
			for (const raw of ['0', '-1', '1.5', 'beaucoup']) {
				expect(() => readConfig({ [name]: raw }), `${name}=${raw}`).toThrow(ConfigError);
			}
		}
	});
});

describe('getConfig', () => {
	afterEach(() => registerConfig(undefined));

	it('gives the handlers the configuration the runtime registered', () => {
		const config = readConfig({ ORIGIN: 'https://atelier.example.fr' });
		registerConfig(config);
		expect(getConfig()).toBe(config);
	});

	it('reads the environment once when nothing was registered', () => {
		const first = getConfig();
		expect(getConfig()).toBe(first);
	});
});
