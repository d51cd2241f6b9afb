"""Tools the agents call: render a shot (with a cache), the MoviePy editor, sidecar writers."""
