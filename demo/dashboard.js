// The demo's only script of its own: a light/dark switch for the whole page (widgets follow the
// `mqtt-dark` / `mqtt-light` class on the root element).
const toggle = document.querySelector('.theme-toggle');
const root = document.documentElement;
const systemDark = matchMedia('(prefers-color-scheme: dark)').matches;

function apply(dark) {
  root.classList.toggle('mqtt-dark', dark);
  root.classList.toggle('mqtt-light', !dark);
  toggle.textContent = dark ? 'Light' : 'Dark';
  toggle.setAttribute('aria-pressed', String(dark));
}

apply(
  localStorage.getItem('mqtt-demo-theme') === 'dark' ||
    (systemDark && localStorage.getItem('mqtt-demo-theme') !== 'light'),
);
toggle.addEventListener('click', () => {
  const dark = !root.classList.contains('mqtt-dark');
  localStorage.setItem('mqtt-demo-theme', dark ? 'dark' : 'light');
  apply(dark);
});
