/**
 * The agent's PVE API proxy: Proxmox's API on the agent's own listener (loopback by default), clone
 * POSTs admitted only with credentials Proxmox accepts and queued in the clone gate.
 * Owns no Proxmox state and never logs credentials; reaches Proxmox only through its own upstream client.
 */
package io.corral.agent.proxy;
