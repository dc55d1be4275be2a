import { runMain } from './platform/runtime';

// API and workers in one process (npm start).
runMain({ http: true, workers: true });
