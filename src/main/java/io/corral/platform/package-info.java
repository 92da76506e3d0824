/**
 * Cross-cutting plumbing shared by every domain: configuration, database access, errors, JSON, security, limits.
 * Knows no domain package.
 */
package io.corral.platform;
