/**
 * Who calls: API tokens, agent tokens, console users and roles, access checks.
 * Knows no domain package.
 */
package io.corral.platform.security;
