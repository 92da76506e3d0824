/**
 * Desktop relays on the agent's side: for {@code relay.open}, a WebSocket to the guest's desktop
 * (websockify) and one dialled out to the control plane, bytes pumped between them. Outbound only;
 * uses the executor API and the control-plane settings, nothing of Proxmox or SSH.
 */
package io.corral.agent.relay;
