// Draftail's editable area has no accessible name of its own: a screen reader would announce
// "edit text" and nothing more. Give each one its field's label, or in a StreamField the
// label of its block, as soon as the editor appears. And let the keyboard reach the
// minimap's list, which scrolls but holds nothing focusable. wagtail-localize's hidden PO file
// input takes the name of the button that opens it.
(() => {
    const unnamed = '.public-DraftEditor-content:not([aria-label]):not([aria-labelledby])';
    let counter = 0;

    function labelFor(editor) {
        const field = editor.closest('.w-field__wrapper, [data-field-wrapper]');
        const label = field && field.querySelector('.w-field__label, label');
        if (label && label.textContent.trim()) return label;
        const block = editor.closest('[data-streamfield-child], .c-sf-container__block-container');
        const heading = block && block.querySelector('.c-sf-block__type');
        if (heading) return heading;
        // A panel holding the one field shows its label as the panel's heading.
        const panel = editor.closest('.w-panel');
        return panel && panel.querySelector('.w-panel__heading');
    }

    function nameEditors() {
        document.querySelectorAll(unnamed).forEach((editor) => {
            const label = labelFor(editor);
            if (!label) return;
            if (!label.id) {
                counter += 1;
                label.id = `praxis-editor-label-${counter}`;
            }
            editor.setAttribute('aria-labelledby', label.id);
        });
    }

    function reachMinimap() {
        document.querySelectorAll('.w-minimap__list:not([tabindex])').forEach((list) => {
            list.setAttribute('tabindex', '0');
        });
    }

    function namePoUpload() {
        document.querySelectorAll('.js-translation-editor input[type=file]:not([aria-label])').forEach((input) => {
            const button = input.closest('form') && input.closest('form').previousElementSibling;
            if (button && button.textContent.trim()) input.setAttribute('aria-label', button.textContent.trim());
        });
    }

    new MutationObserver(() => {
        nameEditors();
        reachMinimap();
        namePoUpload();
    }).observe(document.body, { childList: true, subtree: true });
    nameEditors();
    reachMinimap();
    namePoUpload();
})();
