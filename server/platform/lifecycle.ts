/**
 * Where the server process is in its life, for readiness (GET /api/health/ready): starting
 * (migrations and first seeding under way), ready, or stopping (draining after SIGTERM/SIGINT).
 */
export type Phase = 'starting' | 'ready' | 'stopping';

export class Lifecycle {
  constructor(public phase: Phase = 'ready') {}
}
