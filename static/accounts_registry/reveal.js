// Revealing a credential. On the account's page, a reveal refused (no reason given)
// takes the person straight to what went wrong, halfway down the page. On the page
// that shows the credential, it stays a few seconds with a copy button, then is taken
// off the page.
(function () {
  'use strict'

  document.addEventListener('DOMContentLoaded', function () {
    const refused = document.querySelector('.reveal-form .error-summary')
    if (refused) {
      refused.focus()
    }
  })

  document.addEventListener('DOMContentLoaded', function () {
    const box = document.getElementById('revealed')
    if (!box) {
      return
    }
    const value = document.getElementById('revealed-value')
    const copy = document.getElementById('revealed-copy')
    const status = document.getElementById('revealed-status')
    const countdown = document.getElementById('revealed-countdown')
    const gone = document.getElementById('revealed-gone')
    let left = parseInt(box.dataset.seconds, 10) || 30
    let copied = false

    function hide () {
      value.textContent = ''
      value.remove()
      copy.remove()
      countdown.parentElement.hidden = true
      gone.hidden = false
      gone.focus()
      // Take it off the clipboard too, when the browser lets the page do so.
      if (copied && navigator.clipboard) {
        navigator.clipboard.writeText('').catch(function () {})
      }
    }

    if (navigator.clipboard && window.isSecureContext) {
      copy.hidden = false
      copy.addEventListener('click', function () {
        navigator.clipboard.writeText(value.textContent).then(function () {
          copied = true
          status.textContent = 'Copied. Paste it where you need it now.'
        }, function () {
          status.textContent = 'It could not be copied: select it and copy it yourself.'
        })
      })
    }

    countdown.textContent = String(left)
    countdown.parentElement.hidden = false
    const timer = window.setInterval(function () {
      left -= 1
      if (left <= 0) {
        window.clearInterval(timer)
        hide()
        return
      }
      countdown.textContent = String(left)
    }, 1000)
  })
})()
