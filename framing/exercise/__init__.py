"""Classroom exercises: a printable worksheet (outlets hidden) and an answer key built from the
analyzer's evidence, for any corpus (``framing exercise``)."""
