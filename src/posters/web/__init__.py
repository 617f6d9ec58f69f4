"""The designer preview: a local web app over the build (`posters serve`).

workspace.py owns the loaded project, reloading and the output cache;
app.py owns the routes; packs.py the force pack download; static/ the one page.
"""
