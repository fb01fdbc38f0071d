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
# # Extract dated events, figures, organisations, people and areas of cooperation
# Reads the sources, passages and texts the ingest left in `data/interim/`, and the
# codebooks named below in `data/codebook/`. Writes `events`, `figures`, `organizations`,
# `people`, `cooperation`, `mentions` and `relationships` (Pakistan's status in each body,
# as the sources state it) to `reports/tables/` as CSV. Every row keeps the verbatim quote
# and the offsets it came from.

# %% tags=["parameters"]
interim_dir = "data/interim"
gazetteer_path = "data/codebook/gazetteer.yml"
event_types_path = "data/codebook/event_types.yml"
cooperation_areas_path = "data/codebook/cooperation_areas.yml"
named_dates_path = "data/codebook/named_dates.yml"
setbacks_path = "data/codebook/setbacks.yml"
tables_dir = "reports/tables"

# %%
import pandas as pd

from helpers import extract, io, paths

pd.set_option("display.max_colwidth", 70)

# %% [markdown]
# ## Load inputs
# Where the documents are read comes from `EXECUTOR` and the size of the corpus (README: Where
# the extraction runs); worker processes, if any, start getting ready while the rest loads.
# The tables are the same wherever that is.

# %%
interim = paths.resolve(interim_dir)
sources = io.read_parquet(interim / "sources.parquet", "notebooks/10_ingest.py")
runs_on = extract.start_executor(sources)
print("The documents are read in:", runs_on)

# %%
passages = io.read_parquet(interim / "passages.parquet", "notebooks/10_ingest.py")
texts = io.read_texts(interim / "text", sources["source_id"])
codebooks = extract.Codebooks.from_files(
    paths.resolve(gazetteer_path),
    paths.resolve(event_types_path),
    paths.resolve(cooperation_areas_path),
    paths.resolve(named_dates_path),
    paths.resolve(setbacks_path),
)

# %% [markdown]
# ## Extract
# Each document is read on its own (`extract.extract_document`); its rows are then numbered
# and merged across sources. Passages flagged at ingest (boilerplate, repeats) and footnotes
# give no rows.

# %%
tables = extract.extract_tables(sources, passages, texts, codebooks, executor=runs_on)
pd.Series({name: len(df) for name, df in tables.items()}, name="rows")

# %% [markdown]
# ## Dated events
# One row per dated statement; `date_precision` keeps "March 2005" a month.

# %%
tables["events"][["event_id", "date_text", "date_start", "date_end", "date_precision", "event_type", "actors"]]

# %% [markdown]
# ## Figures

# %%
tables["figures"][["figure_id", "figure_text", "value", "unit", "measure", "period"]]

# %% [markdown]
# ## Organisations and people

# %%
tables["organizations"][["org_id", "name", "org_type", "pakistan_relationship", "n_mentions", "source_ids"]]

# %%
tables["people"][["person_id", "name", "variants", "role", "n_mentions"]]

# %% [markdown]
# ## Areas of cooperation by source

# %%
pd.crosstab(tables["cooperation"]["area"], tables["cooperation"]["source_id"])

# %% [markdown]
# Sentences that name an area to report a setback (`data/codebook/setbacks.yml`) rather than
# cooperation: the briefing keeps them apart.

# %%
tables["cooperation"].query("setback != ''")[["area", "setback", "source_id", "quote"]]

# %% [markdown]
# ## Save outputs
# Each table is validated against its schema (`src/helpers/schemas.py`) and every quote is
# checked against the text before anything is written.

# %%
written = io.write_published_tables(tables, paths.resolve(tables_dir), texts)
io.WrittenFiles.of(written, paths.ROOT)
