"""How static files are stored for production: collected, named by a hash of their content and
compressed; WhiteNoise serves them (settings.py)."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's hashed and compressed storage, leaving scripts as they are: the vendored
    Bootstrap bundle names its source map, which is not vendored (nobody debugs Bootstrap here),
    and Django's storage stops `collectstatic` at a reference it cannot find. Stylesheets are
    still rewritten, their images, fonts and source maps by their hashed names."""

    patterns = tuple(
        (files, rules)
        for files, rules in CompressedManifestStaticFilesStorage.patterns
        if files != "*.js"
    )
