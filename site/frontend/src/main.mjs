// Progressive enhancement only: every page works without this file.
// nhsuk-frontend's components (header menu, error summary focus, character
// counts, tabs...) only initialise when <body> says the browser supports them;
// nhsuk's docs do this with an inline script, which our Content-Security-Policy
// forbids, so we do it here instead. Module scripts run after the document
// is parsed, so document.body exists.
document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');
initAll();
