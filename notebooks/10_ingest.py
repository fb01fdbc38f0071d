# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     notebook_metadata_filter: -jupytext.text_representation.jupytext_version,-jupytext.text_representation.format_version
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Ingest the sources
# Reads the raw files in `data/sources/` (text, Markdown, saved web pages and PDFs; see
# `helpers/formats.py`) and their registry `sources.yml`, with the
# boilerplate rules in `data/codebook/boilerplate.yml`. Writes the plain text of each source
# to `data/interim/text/<id>.txt` (every offset in every table indexes into it), and the
# `sources` and `passages` tables to `data/interim/` and `reports/tables/`.

# %% tags=["parameters"]
registry_path = "data/sources/sources.yml"
sources_dir = "data/sources"
boilerplate_codebook = "data/codebook/boilerplate.yml"
text_dir = "data/interim/text"
interim_dir = "data/interim"
tables_dir = "reports/tables"

# %%
import pandas as pd

from helpers import corpus, io, paths

pd.set_option("display.max_colwidth", 80)

# %% [markdown]
# ## Read, decode and split
# Every file is checked before anything is written: a missing, empty, binary or
# undecodable file, or a bad registry entry, stops here with its name.

# %%
sources_corpus = corpus.ingest_corpus(
    paths.resolve(registry_path),
    paths.resolve(sources_dir),
    io.load_yaml_codebook(paths.resolve(boilerplate_codebook)),
)

# %% [markdown]
# ## The sources
# One row per document: the citation fields (from the registry, or from the file where the
# registry is silent), the sha256 of the raw bytes and the detected encoding.

# %%
sources_corpus.sources.drop(columns=["evidence", "author_affiliation", "sha256"])

# %% [markdown]
# ## Passages flagged at ingest
# Page furniture, repeated paragraphs and garbled tokens. Flagged boilerplate and repeats are
# not used by the later steps; garbled tokens are kept and reported.

# %%
passages = sources_corpus.passages
flagged = (passages["boilerplate_rule"] != "") | (passages["duplicate_kind"] != "") | (passages["garbled_tokens"] != "")
passages.loc[
    flagged, ["passage_id", "kind", "boilerplate_rule", "duplicate_kind", "duplicate_of", "garbled_tokens", "text"]
]

# %% [markdown]
# ## Save outputs

# %%
written = corpus.write_corpus(
    sources_corpus, paths.resolve(text_dir), paths.resolve(interim_dir), paths.resolve(tables_dir)
)
io.WrittenFiles.of(written, paths.ROOT)
