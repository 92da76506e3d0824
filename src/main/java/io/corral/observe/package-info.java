/**
 * Corral's own metrics, registered once in the server's MicroProfile Metrics registry (served at
 * /metrics next to the vendor series). Domain packages report events to it with plain values;
 * its gauges read cheap, cached SQL counts and the bus's in-memory figures. Changes nothing.
 */
package io.corral.observe;
