#!/usr/bin/env node
// The `hattama` command runs the TypeScript core directly (tsx), so it works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
await import('../main/cli/index.ts');
