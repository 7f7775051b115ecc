// Smeaton's page script. It is a module, so only browsers GOV.UK Frontend supports
// run it; every page still works without it.
import { initAll } from './govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()

// A table wider than its container scrolls sideways; say so where it does, and keep
// saying it while anything is hidden, so no column is missed.
function markScrollable () {
  for (const container of document.querySelectorAll('.smeaton-table-container')) {
    const hidden = container.scrollWidth > container.clientWidth + 1
    container.classList.toggle('smeaton-table-container--scrolls', hidden)
    let cue = container.previousElementSibling
    if (!cue || !cue.classList.contains('smeaton-scroll-cue')) {
      cue = document.createElement('p')
      cue.className = 'govuk-body-s smeaton-scroll-cue'
      cue.textContent = 'Scroll the table sideways to see all its columns.'
      container.before(cue)
    }
    cue.hidden = !hidden
  }
}
markScrollable()
window.addEventListener('resize', markScrollable)

// Signed-off commentary is folded away in the scorecard on screen; on paper it is read.
window.addEventListener('beforeprint', () => {
  for (const note of document.querySelectorAll('details.smeaton-note')) note.open = true
})
