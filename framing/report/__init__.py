"""Rendering: the HTML report and the pieces it is built from."""
