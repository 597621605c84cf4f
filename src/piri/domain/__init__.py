"""Piri's domain core: pure Python, no Django, no I/O. Time is always passed in."""
