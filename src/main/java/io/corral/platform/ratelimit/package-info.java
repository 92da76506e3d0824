/**
 * Per-API-token request rates on the user API, and per guest for VM helper tokens.
 * Knows no domain package; the agent API is exempt.
 */
package io.corral.platform.ratelimit;
