/**
 * Health: MicroProfile liveness and readiness checks (served by the server at /health/live and
 * /health/ready) and the same readiness as JSON at /api/v1/health. Asks the database and the
 * command bus's notification listener; changes nothing.
 */
package io.corral.platform.health;
