import { runMain } from './platform/runtime';
import { startWorkers } from './workers';

// Workers only, no HTTP (npm run worker).
runMain({ workers: startWorkers });
