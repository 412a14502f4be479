// Sign-in and two-factor authentication pages.
(function () {
  'use strict'

  // Take keyboard and screen-reader users straight to what went wrong.
  document.addEventListener('DOMContentLoaded', function () {
    const summary = document.querySelector('.auth-card .error-summary')
    if (summary) {
      summary.focus()
    }
  })

  // allauth's passkey script reports failures (cancelled, timed out, unknown key)
  // as an event and otherwise only logs them: say what happened on the page.
  document.addEventListener('allauth.error', function (event) {
    const box = document.getElementById('passkey-error')
    if (!box) {
      return
    }
    event.preventDefault()
    const name = event.detail && event.detail.exception && event.detail.exception.name
    box.textContent = name === 'NotAllowedError'
      ? 'The passkey was not used: the request was cancelled or timed out. Try again, or use another way.'
      : 'Your passkey could not be used on this device. Try again, or use another way.'
    box.hidden = false
    box.focus()
  })
})()
