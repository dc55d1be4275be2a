import { runMain } from './platform/runtime';

// HTTP only, no workers (npm run start:api).
runMain({ http: true, workers: false });
