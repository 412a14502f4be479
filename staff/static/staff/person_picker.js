// Person pickers on the staff form (ARIA combobox with a listbox of suggestions).
// The server renders a plain text box for a work email; htmx fetches suggestions
// into the listbox as the administrator types, and this script adds the roles and
// the keyboard: up and down arrows move through suggestions, Enter chooses one,
// Escape closes the list.
(function () {
  'use strict'

  function setUp (input) {
    const listbox = document.getElementById(input.id + '_suggestions')
    const status = document.getElementById(input.id + '_status')
    let active = -1

    input.setAttribute('role', 'combobox')
    input.setAttribute('aria-autocomplete', 'list')
    input.setAttribute('aria-expanded', 'false')
    input.setAttribute('aria-controls', listbox.id)

    function options () {
      return Array.from(listbox.querySelectorAll('[role="option"]:not([aria-disabled="true"])'))
    }

    function open () {
      listbox.hidden = false
      input.setAttribute('aria-expanded', 'true')
    }

    function close () {
      listbox.hidden = true
      input.setAttribute('aria-expanded', 'false')
      input.removeAttribute('aria-activedescendant')
      active = -1
    }

    function highlight (index) {
      const all = options()
      active = index
      all.forEach(function (option, i) {
        option.setAttribute('aria-selected', i === index ? 'true' : 'false')
      })
      if (all[index]) {
        input.setAttribute('aria-activedescendant', all[index].id)
        all[index].scrollIntoView({ block: 'nearest' })
      }
    }

    function choose (option) {
      htmx.trigger(input, 'htmx:abort')
      input.value = option.dataset.email
      close()
      status.textContent = 'Chosen: ' + option.querySelector('.person-picker-name').textContent
    }

    input.addEventListener('keydown', function (event) {
      const count = options().length
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        if (!count) {
          return
        }
        event.preventDefault()
        open()
        const step = event.key === 'ArrowDown' ? 1 : -1
        highlight(active < 0 && step < 0 ? count - 1 : (active + step + count) % count)
      } else if (event.key === 'Enter' && !listbox.hidden && active >= 0) {
        event.preventDefault()
        choose(options()[active])
      } else if (event.key === 'Escape' && !listbox.hidden) {
        event.preventDefault()
        close()
      }
    })
    input.addEventListener('blur', close)

    // Keep the focus in the text box when a suggestion is clicked.
    listbox.addEventListener('mousedown', function (event) {
      event.preventDefault()
    })
    listbox.addEventListener('click', function (event) {
      const option = event.target.closest('[role="option"]:not([aria-disabled="true"])')
      if (option) {
        choose(option)
      }
    })

    listbox.addEventListener('htmx:afterSwap', function () {
      const count = options().length
      active = -1
      input.removeAttribute('aria-activedescendant')
      if (!listbox.children.length || document.activeElement !== input) {
        close()
        status.textContent = ''
        return
      }
      open()
      status.textContent = count
        ? count + (count === 1 ? ' suggestion' : ' suggestions') +
          '. Use the up and down arrow keys, then Enter to choose.'
        : listbox.textContent.trim()
    })
  }

  document.querySelectorAll('input[data-person-picker]').forEach(setUp)
})()
