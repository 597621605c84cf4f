// Passkeys (WebAuthn) on Piri's own pages, with allauth.mfa's views behind them.
//
// allauth's webauthn-json.js (a classic script loaded just before this module) turns the
// browser's credentials into JSON and back (window.webauthnJSON). One button per form says
// what to do, in data-passkey:
//   "create"  make a new passkey from the options in the JSON script #passkey-options
//             (creation_options) and post it with the form (adding a passkey);
//   "use"     sign with an existing passkey from the options in #passkey-options
//             (request_options) and post it (the second step, typing the password again);
//   "login"   ask the form's action for fresh options first (allauth answers JSON when asked
//             with Accept: application/json), then sign and post (signing in with a passkey).
// The credential goes into the form's hidden "credential" field. When the browser refuses or
// the person cancels, the form's [data-passkey-error] says so with the words in its
// data-cancelled / data-unsupported attributes; nothing is posted.

const json = () => window.webauthnJSON

function options (form) {
  const node = form.ownerDocument.getElementById('passkey-options')
  return node ? JSON.parse(node.textContent) : {}
}

async function credentialFor (kind, form) {
  if (kind === 'create') {
    const creation = options(form).creation_options
    // a passkey that can sign in on its own: kept on the device, unlocked by the person
    const sel = creation.publicKey.authenticatorSelection = creation.publicKey.authenticatorSelection || {}
    sel.residentKey = 'required'
    sel.requireResidentKey = true
    sel.userVerification = 'required'
    return json().create(creation)
  }
  if (kind === 'use') return json().get(options(form).request_options)
  const response = await fetch(form.action, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
  if (!response.ok) throw new Error(`passkey options: HTTP ${response.status}`)
  return json().get((await response.json()).request_options)
}

function say (form, words) {
  const box = form.querySelector('[data-passkey-error]')
  if (!box) return
  box.textContent = words
  box.hidden = false
}

function wire (button) {
  const form = button.form
  if (!form) return
  const box = form.querySelector('[data-passkey-error]')
  if (!json() || !json().supported()) {
    button.disabled = true
    if (box) say(form, box.dataset.unsupported)
    return
  }
  button.addEventListener('click', async (event) => {
    event.preventDefault()
    if (!form.reportValidity()) return
    button.disabled = true
    if (box) box.hidden = true
    try {
      const credential = await credentialFor(button.dataset.passkey, form)
      form.elements.credential.value = JSON.stringify(credential)
      form.submit()
    } catch (error) {
      button.disabled = false
      if (box) say(form, box.dataset.cancelled)
      console.warn('passkey:', error)
    }
  })
}

document.querySelectorAll('button[data-passkey]').forEach(wire)
