// Start every GOV.UK Frontend and MOJ Frontend component on the page (error
// summary focus, notification banners, radios' conditional reveals, sortable
// tables...). Loaded as a module, so browsers without ES modules skip it and
// keep the plain HTML pages.
import { initAll as govukInitAll } from './govuk-frontend.min.js'
import { initAll as mojInitAll } from './moj-frontend.min.js'

govukInitAll()
mojInitAll()
