// "Copy" beside a read-only link: puts the link on the clipboard and says so. Without this
// script the button stays hidden and the link can be selected and copied by hand.
(function () {
    "use strict";
    document.querySelectorAll("[data-copy]").forEach(function (button) {
        var input = document.getElementById(button.dataset.copy);
        if (!input || !navigator.clipboard) {
            return;
        }
        var label = button.textContent;
        button.hidden = false;
        button.addEventListener("click", function () {
            navigator.clipboard.writeText(input.value).then(function () {
                button.textContent = button.dataset.copied;
                window.setTimeout(function () { button.textContent = label; }, 2000);
            });
        });
    });
})();
