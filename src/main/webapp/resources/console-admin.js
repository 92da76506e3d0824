/* Agents, tasks, audit, users & tokens pages: copying a one-time secret. */
window.corralAdmin = window.corralAdmin || {};
(function (admin) {
    /** Copies the value of the input with this id; says so on the button. */
    admin.copy = function (id, button) {
        var input = document.getElementById(id);
        if (!input) {
            return;
        }
        var done = function () {
            var label = button && button.querySelector('.ui-button-text');
            if (label) {
                label.textContent = 'Copied';
                setTimeout(function () { label.textContent = 'Copy'; }, 2000);
            }
        };
        input.focus();
        input.select();
        if (navigator.clipboard && window.isSecureContext) {
            navigator.clipboard.writeText(input.value).then(done, function () {
                document.execCommand('copy');
                done();
            });
        } else {
            document.execCommand('copy');
            done();
        }
    };
})(window.corralAdmin);
