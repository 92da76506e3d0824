/**
 * Test-only artifacts added to the in-container deployment: the restart-probe batch job's reader and
 * writer. Nothing in the product refers to them.
 */
package io.corral.container.probe;
