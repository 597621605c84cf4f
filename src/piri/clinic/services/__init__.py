"""Services of the clinic side: they orchestrate models and the domain; views translate."""
