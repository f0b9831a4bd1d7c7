// The header's menu on narrow screens: the sections, search, account and languages fold behind
// one button. Without this script the header simply shows all of them.
(function () {
    "use strict";
    var header = document.querySelector(".site-header");
    var button = header && header.querySelector(".menu-button");
    if (!button) {
        return;
    }
    header.classList.add("site-header--folding");
    button.hidden = false;
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", String(open));
        header.classList.toggle("site-header--open", open);
    });
})();
