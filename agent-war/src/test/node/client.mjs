// node client.mjs HOST PORT SHA256-PIN NEWID   (env SECRET = API token secret of root@pam!corral)
// The library is used as published; only its documented fetch option is given a pinned TLS connector.
import proxmoxApi from "proxmox-api";
import { Agent, buildConnector, fetch } from "undici";
const [host, port, pin, newid] = [process.argv[2], Number(process.argv[3]), process.argv[4], Number(process.argv[5])];
const base = buildConnector({ rejectUnauthorized: false });
const agent = new Agent({ connect: (opts, cb) => base(opts, (err, socket) => {
  if (err) return cb(err);
  const fp = socket.getPeerCertificate().fingerprint256;
  if (fp !== pin) { socket.destroy(); return cb(new Error("certificate pin mismatch: " + fp)); }
  cb(null, socket);
}) });
const proxmox = proxmoxApi({ host, port, tokenID: "root@pam!corral", tokenSecret: process.env.SECRET,
  fetch: (url, init) => fetch(url, { ...init, dispatcher: agent }) });
const res = await proxmox.cluster.resources.$get({ type: "vm" });
console.log("guests", res.map(r => r.vmid).join(","));
const upid = await proxmox.nodes.$("pve1").qemu.$(9000).clone.$post({ newid, name: "lib-clone" });
console.log("upid", upid);
let st;
for (let i = 0; i < 400; i++) { st = await proxmox.nodes.$("pve1").tasks.$(upid).status.$get(); if (st.status === "stopped") break; await new Promise(r => setTimeout(r, 50)); }
console.log("task", st.status, st.exitstatus);
const cfg = await proxmox.nodes.$("pve1").qemu.$(newid).config.$get();
console.log("cfg name", cfg.name);
await agent.destroy();
process.exit(0);
