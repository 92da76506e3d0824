/**
 * Per-API-token request rates on the user API.
 * Knows no domain package; the agent API is exempt.
 */
package io.corral.platform.ratelimit;
