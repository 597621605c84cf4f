"""Web push: this browser's subscription, Piri's VAPID keys and sending a notification
(decision 0019). Knows nothing of reminders: the reminders app sends through it."""
