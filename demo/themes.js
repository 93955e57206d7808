// demo/themes.html: shows the host restyle exactly as the page applies it, read from demo/themes.css
// (between the restyle:start and restyle:end comments), so the code sample can never drift from it.
const code = document.getElementById('restyle-code');
if (code) {
  fetch('/demo/themes.css')
    .then((res) => (res.ok ? res.text() : ''))
    .then((text) => {
      const sample = /\/\* restyle:start \*\/\n([\s\S]*?)\/\* restyle:end \*\//.exec(text);
      code.textContent = sample ? sample[1].trim() : '';
    })
    .catch(() => undefined);
}
