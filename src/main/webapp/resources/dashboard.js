/*
 * The fleet dashboard: loads a snapshot, then applies the deltas pushed on the "fleet" channel in seq order.
 * A delta whose seq is not the next one (a lost message, a reconnect, another instance) reloads the snapshot.
 * Everything from the server is written with textContent: guest names come from Proxmox, not from us.
 */
window.corralDashboard = (function () {
    var state = {seq: -1, agents: {}, nodes: {}, vms: {}, stats: null};
    var loading = false;
    var buffered = [];
    var dropNext = 0;
    var reloads = 0;
    var applied = 0;
    var lags = [];
    var rows = {};
    var filter = '';
    var highlighted = [];
    var unhighlight = null;
    var root;

    function el(tag, cls, text) {
        var e = document.createElement(tag);
        if (cls) { e.className = cls; }
        if (text !== undefined && text !== null) { e.textContent = String(text); }
        return e;
    }

    function setText(id, text) {
        var e = document.getElementById(id);
        if (e) { e.textContent = String(text); }
    }

    function stateCell(value) {
        var td = el('td');
        td.appendChild(el('span', 'state state-' + (value || 'unknown'), value || '–'));
        return td;
    }

    function status(text, live) {
        setText('dash-state', text);
        var dot = document.getElementById('dash-dot');
        if (dot) { dot.className = 'live-dot' + (live ? ' live' : ''); }
    }

    function loadSnapshot() {
        if (loading) { return; }
        loading = true;
        status('loading…', false);
        fetch(root.dataset.snapshot, {credentials: 'same-origin', cache: 'no-store'}).then(function (r) {
            var type = r.headers.get('Content-Type') || '';
            if (!r.ok || type.indexOf('application/json') !== 0) {
                window.location.reload(); // signed out or the session ended: the page shows the sign-in form
                throw new Error('snapshot ' + r.status);
            }
            return r.json();
        }).then(function (snap) {
            loading = false;
            reset(snap);
            var pending = buffered.filter(function (m) { return m.seq > state.seq; })
                .sort(function (a, b) { return a.seq - b.seq; });
            buffered = [];
            pending.forEach(onDelta);
        }).catch(function () {
            loading = false;
            status('reconnecting…', false);
            setTimeout(loadSnapshot, 2000);
        });
    }

    function reset(snap) {
        state.seq = snap.seq;
        state.agents = index(snap.agents);
        state.nodes = index(snap.nodes);
        state.vms = index(snap.vms);
        state.stats = snap.stats;
        renderAgents();
        renderNodes();
        renderStats();
        var events = document.getElementById('dash-events');
        events.textContent = '';
        (snap.events || []).forEach(function (e) { events.appendChild(eventItem(e)); });
        var body = document.querySelector('#dash-vms tbody');
        body.textContent = '';
        rows = {};
        Object.keys(state.vms).map(function (k) { return state.vms[k]; }).sort(byName).forEach(function (v) {
            var tr = vmRow(v);
            rows[v.id] = tr;
            body.appendChild(tr);
        });
        applyFilter();
        counters();
        status('live', true);
        setText('dash-seq', state.seq);
    }

    function index(list) {
        var m = {};
        (list || []).forEach(function (x) { m[x.id] = x; });
        return m;
    }

    function byName(a, b) {
        var x = (a.name || '') + '\u0000' + a.vmid, y = (b.name || '') + '\u0000' + b.vmid;
        return x < y ? -1 : x > y ? 1 : 0;
    }

    function vmRow(v) {
        var tr = el('tr');
        tr.dataset.id = v.id;
        fillVm(tr, v);
        return tr;
    }

    function fillVm(tr, v) {
        tr.textContent = '';
        var name = el('td');
        var link = el('a', 'vm-name', v.name || ('VM ' + v.vmid));
        link.href = root.dataset.context + '/console/vm.xhtml?id=' + encodeURIComponent(v.id);
        name.appendChild(link);
        if (v.template) { name.appendChild(el('span', 'muted', ' template')); }
        if (v.protected) { name.appendChild(el('span', 'muted', ' protected')); }
        tr.appendChild(name);
        tr.appendChild(el('td', 'num', v.vmid));
        tr.appendChild(el('td', null, v.agent + ' / ' + v.node));
        var st = stateCell(v.status);
        st.classList.add('vm-status');
        tr.appendChild(st);
        var lv = stateCell(v.liveness);
        lv.classList.add('vm-liveness');
        tr.appendChild(lv);
        tr.appendChild(stateCell(v.health || ''));
        tr.appendChild(el('td', 'num', v.status === 'running' ? v.cpu + ' %' : ''));
        tr.appendChild(el('td', 'num', v.status === 'running' ? v.memPercent + ' %' : ''));
        tr.dataset.search = [v.name, v.vmid, v.node, v.agent, v.status, v.liveness].join(' ').toLowerCase();
    }

    function renderAgents() {
        var body = document.querySelector('#dash-agents tbody');
        body.textContent = '';
        var list = Object.keys(state.agents).map(function (k) { return state.agents[k]; });
        list.forEach(function (a) {
            var tr = el('tr', 'agent-row');
            tr.dataset.id = a.id;
            tr.appendChild(el('td', 'agent-name', a.name));
            var lv = stateCell(a.liveness);
            lv.classList.add('agent-liveness');
            tr.appendChild(lv);
            var st = stateCell(a.status);
            st.classList.add('agent-status');
            tr.appendChild(st);
            tr.appendChild(el('td', null, a.version || '–'));
            tr.appendChild(el('td', null, a.pve === 'unreachable' ? 'unreachable: ' + a.pveError : a.pve));
            body.appendChild(tr);
        });
        document.getElementById('dash-agents-empty').hidden = list.length > 0;
    }

    function renderNodes() {
        var body = document.querySelector('#dash-nodes tbody');
        body.textContent = '';
        Object.keys(state.nodes).forEach(function (k) {
            var n = state.nodes[k];
            var tr = el('tr');
            tr.appendChild(el('td', null, n.agent));
            tr.appendChild(el('td', null, n.name));
            tr.appendChild(stateCell(n.status));
            tr.appendChild(el('td', 'num', n.cpu + ' %'));
            tr.appendChild(el('td', 'num', n.memPercent + ' %'));
            body.appendChild(tr);
        });
    }

    function renderStats() {
        var s = state.stats || {};
        setText('c-queued', s.queued === undefined ? '–' : s.queued);
        setText('c-running', s.leased === undefined ? '–' : s.leased + s.running);
        setText('c-failed', s.failedLastHour === undefined ? '–' : s.failedLastHour);
        var runs = document.getElementById('dash-runs');
        runs.textContent = '';
        (s.cloneRuns || []).forEach(function (r) {
            var box = el('div', 'dash-run');
            var link = el('a', null, r.pattern + ' from ' + r.template);
            link.href = root.dataset.context + '/console/clone-runs.xhtml';
            box.appendChild(link);
            box.appendChild(el('span', 'muted', ' ' + r.succeeded + ' / ' + r.total + (r.failed ? ', ' + r.failed + ' failed' : '')));
            var bar = el('div', 'dash-bar');
            var ok = el('div', 'ok');
            ok.style.width = (100 * r.succeeded / Math.max(1, r.total)) + '%';
            var bad = el('div', 'bad');
            bad.style.width = (100 * r.failed / Math.max(1, r.total)) + '%';
            bar.appendChild(ok);
            bar.appendChild(bad);
            box.appendChild(bar);
            runs.appendChild(box);
        });
        if (!(s.cloneRuns || []).length) { runs.appendChild(el('div', 'dash-none', 'None running.')); }
        var tasks = document.getElementById('dash-tasks');
        tasks.textContent = '';
        (s.tasks || []).forEach(function (t) {
            tasks.appendChild(el('div', null, t.task + ' since ' + t.since.substring(11, 19) + ' on ' + t.instance));
        });
        if (!(s.tasks || []).length) { tasks.appendChild(el('div', 'dash-none', 'None running.')); }
        var failures = document.getElementById('dash-failures');
        failures.textContent = '';
        (s.failures || []).forEach(function (f) {
            var row = el('div', 'dash-failure');
            var link = el('a', 'mono', f.type);
            link.href = root.dataset.context + '/console/command.xhtml?id=' + encodeURIComponent(f.id);
            row.appendChild(link);
            row.appendChild(el('span', null, ' on ' + f.agent + ': '));
            row.appendChild(el('span', 'state state-' + f.status, f.code || f.status));
            row.appendChild(el('div', 'muted', f.message));
            failures.appendChild(row);
        });
        if (!(s.failures || []).length) { failures.appendChild(el('div', 'dash-none', 'No failed commands in the last 24 hours.')); }
    }

    function counters() {
        var agents = 0, online = 0, vms = 0, running = 0, stopped = 0, attention = 0;
        Object.keys(state.agents).forEach(function (k) {
            agents++;
            if (state.agents[k].status === 'online') { online++; }
        });
        Object.keys(state.vms).forEach(function (k) {
            var v = state.vms[k];
            if (v.template) { return; }
            vms++;
            if (v.status === 'running') { running++; } else if (v.status === 'stopped') { stopped++; }
            // A stopped guest is offline by definition; what needs attention is a running one that is not online.
            if (v.status === 'running' && v.liveness !== 'online') { attention++; }
        });
        setText('c-agents', agents);
        setText('c-agents-online', online);
        setText('c-vms', vms);
        setText('c-vms-running', running);
        setText('c-vms-stopped', stopped);
        setText('c-vms-attention', attention);
        document.getElementById('dash-vms-empty').hidden = Object.keys(state.vms).length > 0;
    }

    function eventItem(e) {
        var li = el('li');
        li.appendChild(el('time', null, new Date(e.at).toLocaleTimeString()));
        li.appendChild(document.createTextNode(e.text));
        return li;
    }

    function applyFilter() {
        Object.keys(rows).forEach(function (id) { showRow(rows[id]); });
    }

    function showRow(tr) {
        tr.hidden = filter !== '' && tr.dataset.search.indexOf(filter) < 0;
    }

    function upsertVm(v) {
        state.vms[v.id] = v;
        var tr = rows[v.id];
        if (tr) {
            fillVm(tr, v);
        } else {
            tr = vmRow(v);
            rows[v.id] = tr;
            var body = document.querySelector('#dash-vms tbody');
            var next = null;
            for (var i = 0; i < body.children.length; i++) {
                var other = state.vms[body.children[i].dataset.id];
                if (other && byName(v, other) < 0) { next = body.children[i]; break; }
            }
            body.insertBefore(tr, next);
        }
        showRow(tr);
        // Highlighted for a moment; no animation restart, which would force a layout per row.
        tr.classList.add('changed');
        highlighted.push({tr: tr, until: Date.now() + 1200});
        if (!unhighlight) { unhighlight = setTimeout(fade, 1300); }
    }

    function fade() {
        var now = Date.now();
        highlighted = highlighted.filter(function (h) {
            if (h.until > now) { return true; }
            h.tr.classList.remove('changed');
            return false;
        });
        unhighlight = highlighted.length ? setTimeout(fade, 300) : null;
    }

    function removeVm(id) {
        delete state.vms[id];
        var tr = rows[id];
        if (tr) { tr.remove(); delete rows[id]; }
    }

    function onDelta(m) {
        if (m.seq <= state.seq) { return; }
        if (m.seq !== state.seq + 1 || m.type === 'reload') {
            reloads++;
            setText('dash-reloads', reloads);
            buffered.push(m);
            loadSnapshot();
            return;
        }
        if (m.type === 'tick') { return; }
        state.seq = m.seq;
        (m.vms || []).forEach(upsertVm);
        (m.vmsRemoved || []).forEach(removeVm);
        if (m.agents) { state.agents = index(m.agents); renderAgents(); }
        if (m.nodes) { state.nodes = index(m.nodes); renderNodes(); }
        if (m.stats) { state.stats = m.stats; renderStats(); }
        if (m.events) {
            var list = document.getElementById('dash-events');
            m.events.forEach(function (e) { list.insertBefore(eventItem(e), list.firstChild); });
            while (list.children.length > 20) { list.removeChild(list.lastChild); }
        }
        counters();
        applied++;
        if (m.origin) {
            lags.push(Date.now() - m.origin);
            if (lags.length > 100000) { lags.shift(); }
        }
        setText('dash-seq', state.seq);
    }

    function onMessage(message) {
        var m = typeof message === 'string' ? JSON.parse(message) : message;
        if (dropNext > 0 && m.type === 'delta') {
            dropNext--; // test hook: lose this message, as a network would
            return;
        }
        if (loading || state.seq < 0) {
            buffered.push(m);
            return;
        }
        if (m.type === 'tick') {
            if (m.seq > state.seq) { onDelta(m); }
            return;
        }
        onDelta(m);
    }

    function init() {
        root = document.getElementById('dash');
        if (!root) { return; }
        document.getElementById('dash-filter').addEventListener('input', function (e) {
            filter = e.target.value.trim().toLowerCase();
            applyFilter();
        });
        // The snapshot is read once the push socket is open, so no delta can fall between the two; if the
        // socket is slow to open, it is read anyway (a delta lost meanwhile shows as a gap and reloads it).
        setTimeout(function () { if (state.seq < 0 && !loading) { loadSnapshot(); } }, 3000);
    }

    function opened() {
        status('live', true);
        if (state.seq < 0 && !loading) { loadSnapshot(); }
    }

    document.addEventListener('DOMContentLoaded', init);

    return {
        onMessage: onMessage,
        onOpen: function () { if (root) { opened(); } else { document.addEventListener('DOMContentLoaded', opened); } },
        /* The socket dropped and will reconnect: what was pushed meanwhile is lost, so reload once back. */
        onError: function () { status('reconnecting…', false); state.seq = -1; buffered = []; reloads++;
            setText('dash-reloads', reloads); setTimeout(loadSnapshot, 1000); },
        onClose: function (code) { status(code === 1000 ? 'closed' : 'disconnected (' + code + '); reload the page', false); },
        /* For tests and benchmarks. */
        dropNext: function (n) { dropNext = n || 1; },
        seq: function () { return state.seq; },
        reloads: function () { return reloads; },
        applied: function () { return applied; },
        lags: function () { return lags.slice(); },
        clearLags: function () { lags = []; },
        vm: function (id) { return state.vms[id]; },
        vmCount: function () { return Object.keys(state.vms).length; },
        statusCounts: function () {
            var counts = {};
            Object.keys(state.vms).forEach(function (k) {
                var s = state.vms[k].status;
                counts[s] = (counts[s] || 0) + 1;
            });
            return counts;
        }
    };
})();
