"""The HTTP routes: each parses, calls one service and maps the result; `main.create_app` mounts them all.

They sit above every domain package (intake, review, readers, feedback, site) and take what the lifespan
built through `moderation/dependencies.py`; the drop-in Perspective and Akismet APIs live in `compat/`.
"""
