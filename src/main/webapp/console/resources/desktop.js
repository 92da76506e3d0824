// The desktop page's viewer: noVNC over the relay's WebSocket. The socket is opened here (not by
// noVNC) so that its close code and reason, which say why a relay ended, can be shown.
import RFB from './novnc/core/rfb.js';

const screen = document.getElementById('screen');
const state = document.getElementById('desktop-state');
const closed = document.getElementById('desktop-close');
const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
const url = scheme + '//' + location.host + (screen.dataset.context || '') + '/relay/' + screen.dataset.relay
    + '?ticket=' + encodeURIComponent(screen.dataset.ticket)
    // The instance holding the relay, for a balancer in front of several (see CORRAL_INSTANCE_NAME).
    + (screen.dataset.instance ? '&instance=' + encodeURIComponent(screen.dataset.instance) : '');

const socket = new WebSocket(url);
socket.addEventListener('close', (e) => {
    closed.textContent = 'Relay closed (' + e.code + ')' + (e.reason ? ': ' + e.reason : '');
});
const rfb = new RFB(screen, socket, { shared: true });
rfb.scaleViewport = true;
rfb.addEventListener('connect', () => { state.textContent = 'connected'; });
rfb.addEventListener('disconnect', (e) => {
    state.textContent = e.detail.clean ? 'disconnected' : 'failed';
});
rfb.addEventListener('desktopname', (e) => { screen.dataset.name = e.detail.name; });
window.corralDesktop = rfb;
