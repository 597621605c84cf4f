// The daily check-in page (templates/piri/checkin.html): the form works without this file;
// with it, the body picture replaces the radio buttons for "how far down".
import { wireBodyMap } from './bodymap.js';

for (const map of document.querySelectorAll('[data-bodymap][data-input]')) wireBodyMap(map);
