"""Start-up costs the build does not need to pay.

nbformat (and so papermill, jupytext and nbconvert) imports jsonschema, and jsonschema,
when the optional rfc3987-syntax package is installed, builds that package's Lark
grammars for the "iri" string format as it is imported: about 2.5 s of CPU in every
process that touches a notebook file. No notebook schema uses that format, and nothing
here checks string formats, so the build's processes import jsonschema without it.
"""

from __future__ import annotations

import sys


def without_iri_grammar() -> None:
    """Call before the first import of nbformat; does nothing once jsonschema is loaded
    (its format checkers are then already set up)."""
    if "jsonschema" not in sys.modules:
        # None in sys.modules makes `import rfc3987_syntax` raise ImportError, which
        # jsonschema treats as the package not being installed.
        sys.modules.setdefault("rfc3987_syntax", None)
