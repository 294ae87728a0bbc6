// Loaded synchronously at the top of <body>, before anything is drawn: GOV.UK
// Frontend's template does this inline, which the register's
// Content-Security-Policy forbids. `govuk-frontend-supported` marks browsers
// that run ES modules, so components show their scripted form only there.
document.body.className +=
  ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '')
