// Include on any signed-in page to send sessions still waiting in the outbox (offline saves).
import { startOutbox } from './outbox.js';

startOutbox();
