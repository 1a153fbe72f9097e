"""Seat's terminology checker: lexicons of labelling and stigmatising terms, used by a CLI, an API
and inline in forms. The engine (``engine.py``) has no Django dependency beyond gettext."""
