// Smeaton's page script. It is a module, so only browsers GOV.UK Frontend supports
// run it; every page still works without it.
import { initAll } from './govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()
