"""Clinic videos: a clinic's own recording of an exercise or massage option, with captions and
a poster, shown beside the drawn figure (decision 0016)."""
