// A progress box: ask its status URL for the stage until the work is ready, then open the result
// (a plan book to download, a round's workspace to reload).
(function () {
    "use strict";
    var box = document.querySelector("[data-progress]");
    if (!box) {
        return;
    }
    var bar = box.querySelector("progress");
    var stage = box.querySelector("[data-progress-stage]");
    var link = box.querySelector("[data-progress-link]");

    function poll() {
        fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" } })
            .then(function (response) {
                if (!response.ok) {
                    throw new Error(response.status);
                }
                return response.json();
            })
            .then(function (status) {
                bar.value = status.progress;
                bar.textContent = status.progress + " %";
                stage.textContent = status.stage;
                if (status.ready) {
                    link.href = status.url;
                    window.location.assign(status.url);
                } else if (!status.failed) {
                    window.setTimeout(poll, 1500);
                }
            })
            .catch(function () {
                window.setTimeout(poll, 5000);
            });
    }
    window.setTimeout(poll, 1000);
})();
