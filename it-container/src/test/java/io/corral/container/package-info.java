/**
 * In-container tests: the control plane's WAR with a few test-only artifacts, deployed once with
 * Arquillian to Payara Micro on an embedded PostgreSQL. Tests here use the deployed beans; they add
 * no production code.
 */
package io.corral.container;
