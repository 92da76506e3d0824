/**
 * API errors as {@code {"code","message"}} with their HTTP status, and the mappers that render them.
 * Knows no domain package.
 */
package io.corral.platform.error;
