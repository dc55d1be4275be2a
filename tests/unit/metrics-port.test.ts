// Which port serves /metrics apart from the API: METRICS_PORT; a worker-only process also
// honours WORKER_METRICS_PORT (which wins there, as before METRICS_PORT existed).
import { metricsPortOf } from '../../src/platform/runtime';

const api = { http: true, workers: false };
const all = { http: true, workers: true };
const worker = { http: false, workers: true };

it('an API process uses METRICS_PORT, never WORKER_METRICS_PORT', () => {
  expect(metricsPortOf({ METRICS_PORT: 9464, WORKER_METRICS_PORT: undefined }, api)).toBe(9464);
  expect(metricsPortOf({ METRICS_PORT: 9464, WORKER_METRICS_PORT: 9465 }, all)).toBe(9464);
  expect(metricsPortOf({ METRICS_PORT: undefined, WORKER_METRICS_PORT: 9465 }, api)).toBeUndefined();
  expect(metricsPortOf({ METRICS_PORT: undefined, WORKER_METRICS_PORT: undefined }, all)).toBeUndefined();
});

it('a worker-only process uses WORKER_METRICS_PORT, else METRICS_PORT', () => {
  expect(metricsPortOf({ METRICS_PORT: 9464, WORKER_METRICS_PORT: 9465 }, worker)).toBe(9465);
  expect(metricsPortOf({ METRICS_PORT: 9464, WORKER_METRICS_PORT: undefined }, worker)).toBe(9464);
  expect(metricsPortOf({ METRICS_PORT: undefined, WORKER_METRICS_PORT: undefined }, worker)).toBeUndefined();
});
