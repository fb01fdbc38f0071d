"""Start-up costs the build does not need to pay.

pyarrow's default allocator (mimalloc, in pyarrow 26) hands freed pages back to the system
and takes them again on the next allocations: a step's first tables cost 8-14 ms more, and
it held more memory. The build's kernels and the benchmark's workers use the system
allocator instead (use_system_arrow_allocator).

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


ARROW_POOL_VAR = "ARROW_DEFAULT_MEMORY_POOL"


def use_system_arrow_allocator(environ=None) -> None:
    """Has the processes started from here (kernels, workers) build Arrow tables with the
    system allocator, unless ARROW_DEFAULT_MEMORY_POOL says otherwise. Measured by turns on
    6 December: the five sources' extraction 26 -> 24 ms; its peak at x100 328 -> 286 MB,
    at x1000 774 -> 721 MB, at the same speed."""
    import os

    (os.environ if environ is None else environ).setdefault(ARROW_POOL_VAR, "system")
