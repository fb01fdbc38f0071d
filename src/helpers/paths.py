"""Every path the project uses, defined once.

Rooted at the project from this file's location, so notebooks and tests run from any
working directory. `BRIEFING_ROOT` points the whole pipeline at another tree (the
end-to-end test builds a fixture corpus in a temporary directory that way).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def project_root() -> Path:
    override = os.environ.get("BRIEFING_ROOT")
    return Path(override).resolve() if override else PACKAGE_DIR.parents[1]


ROOT = project_root()
SOURCES_DIR = ROOT / "data" / "sources"
REGISTRY = SOURCES_DIR / "sources.yml"
CODEBOOK_DIR = ROOT / "data" / "codebook"
INTERIM_DIR = ROOT / "data" / "interim"
TEXT_DIR = INTERIM_DIR / "text"
REPORTS_DIR = ROOT / "reports"
TABLES_DIR = REPORTS_DIR / "tables"
FIGURES_DIR = REPORTS_DIR / "figures"
NOTEBOOKS_DIR = ROOT / "notebooks"
BUILD_DIR = ROOT / "build"
TEMPLATES_DIR = PACKAGE_DIR / "templates"


def resolve(path: str | os.PathLike) -> Path:
    """A notebook parameter may be relative; it is relative to the project root, never
    to the kernel's working directory."""
    p = Path(path)
    return p if p.is_absolute() else ROOT / p


def as_typed(path: str | os.PathLike) -> str:
    """The path as one types it in the project's root (where `make` runs): relative when
    it lies inside the project, absolute otherwise."""
    p = Path(path).resolve()
    return str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p)
