/*
 * The auth session page's desktop. The page's GET opens nothing; once it has loaded, a POST
 * (p:remoteCommand corralOpenDesktop) opens the relay and answers its id and one-time ticket, and only then
 * does the desktop script (console/resources/desktop.js, shared with desktop.xhtml) start with them.
 */
window.corralSession = (function () {
    var started = false;

    function start(args) {
        if (started || !args || !args.relay) {
            return;
        }
        var screen = document.getElementById('screen');
        if (!screen) {
            return;
        }
        started = true;
        screen.dataset.relay = args.relay;
        screen.dataset.ticket = args.ticket;
        screen.dataset.instance = args.instance || '';
        var script = document.createElement('script');
        script.type = 'module';
        script.src = screen.dataset.script;
        // The ticket opens one socket once; the script has read it by the time it has run.
        script.addEventListener('load', function () { delete screen.dataset.ticket; });
        document.body.appendChild(script);
        if (window.PF && PF('relay-poll')) {
            PF('relay-poll').start();
        }
        // The relay's state line follows the desktop's at once (connected, closed), not only at the next poll.
        var state = document.getElementById('desktop-state');
        if (state && window.MutationObserver && typeof window.corralRelayRefresh === 'function') {
            new MutationObserver(function () { window.corralRelayRefresh(); })
                .observe(state, {childList: true, characterData: true, subtree: true});
        }
    }

    /** After a live refresh: open the desktop once the session's VM is listed. */
    function changed(args) {
        if (!started && args && args.canOpen && typeof window.corralOpenDesktop === 'function') {
            window.corralOpenDesktop();
        }
    }

    return {start: start, changed: changed};
})();
