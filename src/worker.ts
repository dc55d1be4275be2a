import { runMain } from './platform/runtime';

// Workers only, no HTTP (npm run worker).
runMain({ http: false, workers: true });
