import { createApp } from './app';
import { runMain } from './platform/runtime';
import { startWorkers } from './workers';

// API and workers in one process (npm start).
runMain({ app: createApp, workers: startWorkers });
