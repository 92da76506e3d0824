/**
 * Desktop relays: a browser's WebSocket paired with the WebSocket its agent dials back, bytes pumped
 * both ways, state kept in memory per instance. Uses the fleet and command services; nothing but the
 * console and the agent API use it.
 */
package io.corral.relay;
