// The site header on a phone: the links fold behind a "Menu" button (templates/piri/base.html).
// Without this script the button stays hidden and the links show as before.

const button = document.getElementById('menu-button');
const menu = document.getElementById('site-menu');

if (button && menu) {
  const header = button.closest('.site-header');
  header.classList.add('has-menu');
  button.hidden = false;

  const setOpen = (open) => {
    button.setAttribute('aria-expanded', String(open));
    header.classList.toggle('menu-open', open);
  };

  button.addEventListener('click', () => setOpen(button.getAttribute('aria-expanded') !== 'true'));
  menu.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && button.getAttribute('aria-expanded') === 'true') {
      setOpen(false);
      button.focus();
    }
  });
  button.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') setOpen(false);
  });
}
