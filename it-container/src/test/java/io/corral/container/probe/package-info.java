/**
 * Test-only artifacts added to the in-container deployment: the restart-probe batch job's reader and
 * writer, and two ways for an API request to fail past the exception mappers. Nothing in the product
 * refers to them.
 */
package io.corral.container.probe;
