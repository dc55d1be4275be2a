import { createApp } from './app';
import { runMain } from './platform/runtime';

// HTTP only, no workers (npm run start:api).
runMain({ app: createApp });
