// The script of the account pages (src/auth/pages.ts): sends the page's form to the API, with the
// code from the link (`?token=`), and says what happened. Served as a file so that the pages'
// policy allows scripts from this origin only.
for (const form of document.querySelectorAll('form[data-endpoint]')) {
  const token = new URLSearchParams(location.search).get('token')
  const status = document.getElementById('status')
  if (form.dataset.needsToken === 'true' && !token) {
    status.textContent = 'This link has no code: open the link from the mail again.'
    form.hidden = true
    continue
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const fields = Object.fromEntries(new FormData(form))
    if ('repeat' in fields) {
      if (fields.repeat !== fields.password) {
        status.textContent = 'The two passwords differ.'
        return
      }
      delete fields.repeat
    }
    const body = token && form.dataset.needsToken === 'true' ? { token, ...fields } : fields
    form.querySelector('button').disabled = true
    status.textContent = 'Sending…'
    try {
      const res = await fetch(form.dataset.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      if (res.ok) {
        status.textContent = form.dataset.done
        form.hidden = true
        document.body.dataset.result = 'done'
        return
      }
      const problem = await res.json().catch(() => ({}))
      status.textContent = problem.detail || `The server answered ${res.status}.`
    } catch {
      status.textContent = 'The server could not be reached; try again.'
    }
    form.querySelector('button').disabled = false
  })
}
