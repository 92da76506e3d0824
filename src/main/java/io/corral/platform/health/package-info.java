/**
 * The readiness endpoint for load balancers and the launcher.
 * Knows no domain package.
 */
package io.corral.platform.health;
