// The scale-out side of the runtime, bundled apart (dist/fleet.js) so that BullMQ and pg load only
// when a fleet command runs: workers, submitting runs, and the PostgreSQL session store.
export { FleetWorker, type FleetWorkerOptions } from './fleet-worker';
export { PgSessionStore } from './pg-session-store';
export { cancelOnFleet } from './cancel-session';
export { FleetFollower } from './fleet-follower';
export { submitRun, submitSession, type SubmitOptions } from './submit-run';
