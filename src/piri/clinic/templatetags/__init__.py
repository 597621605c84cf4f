"""Template tags of the clinic side."""
