/* The console's shared script: live refresh by topic (see WEB-INF/templates/console.xhtml). */
window.corral = window.corral || {};
(function (corral) {
    var MIN_GAP_MS = 750;
    var topics = {};

    /** A "changes" push message: {"topics":["commands",…]}. Each topic's refresh runs at most every 750 ms. */
    corral.onChange = function (message) {
        var names = (message && message.topics) || [];
        names.forEach(function (name) {
            var refresh = window['corralOn_' + name];
            if (typeof refresh === 'function') {
                corral.throttle(name, refresh);
            }
        });
    };

    corral.throttle = function (name, fn) {
        var t = topics[name] || (topics[name] = {last: 0, timer: null});
        if (t.timer) {
            return;
        }
        var wait = Math.max(0, t.last + MIN_GAP_MS - Date.now());
        t.timer = setTimeout(function () {
            t.timer = null;
            t.last = Date.now();
            fn();
        }, wait);
    };

    corral.sessionExpired = function () {
        window.location.reload();
    };

})(window.corral);
