/**
 * JAX-RS plumbing: the application path, body limit, JSON-B settings, query and id parsing.
 * Knows no domain package and no security.
 */
package io.corral.platform.rest;
