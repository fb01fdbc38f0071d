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
# # Compare the sources: one timeline, corroboration, and where they disagree
# Reads the tables in `reports/tables/`, the texts in `data/interim/text/` and the
# analyst's codebooks (`measures.yml`, `gazetteer.yml`, `positions.yml`). Writes `shared_wording`
# (and `shared_wording_by_pair`), `timeline`, `discrepancies`, `source_comparison` and `positions` to
# `reports/tables/`, five charts to `reports/figures/`, and packages every table as one workbook (`tables.xlsx`) and a
# Frictionless `datapackage.json`.

# %% tags=["parameters"]
tables_dir = "reports/tables"
interim_dir = "data/interim"
measures_path = "data/codebook/measures.yml"
gazetteer_path = "data/codebook/gazetteer.yml"
positions_path = "data/codebook/positions.yml"
figures_dir = "reports/figures"
input_dirs = ["data/sources", "data/codebook"]

# %%
import pandas as pd

from helpers import buildinfo, charts, comparison, discrepancies, entities, io, paths, reuse, timeline

pd.set_option("display.max_colwidth", 80)

# %% [markdown]
# ## Load inputs
# Each table is checked against its schema as it is read, unless it is as the step that wrote
# it left it (that step checked it before writing; see `io.PublishedTables`).

# %%
tables = io.PublishedTables(
    paths.resolve(tables_dir),
    {
        "notebooks/10_ingest.py": ["sources", "passages"],
        "notebooks/20_extract.py": ["events", "figures", "organizations", "cooperation", "mentions"],
    },
    texts_dir=paths.resolve(interim_dir) / "text",
)
tables.read_all()

# %% [markdown]
# ## Shared wording, and which sources are one account
# A run of eight or more words that a source shares with an earlier one shows where it
# quotes or repeats it (`src/helpers/reuse.py`). When the timeline counts how many
# sources report an event, the pages of one publisher count as one account, and so do
# sources whose passages reporting the event share a run. Runs by pair of sources:

# %%
shared_wording = reuse.shared_wording(tables["sources"], tables["passages"], tables.texts)
shared_by_pair = reuse.shared_wording_by_pair(shared_wording, tables["passages"])
accounts = reuse.Accounts(tables["sources"], tables["passages"], shared_wording)
shared_by_pair[["source_a", "relation", "source_b", "n_runs", "n_passages", "n_words", "words_a"]]

# %% [markdown]
# ## One timeline
# Reports of the same real-world event merge when their dates are compatible within their
# precision, their types agree, their actors overlap and their wording is similar
# (`src/helpers/timeline.py`). Events reported by several sources:

# %%
event_groups = timeline.group_events(tables["events"])
events_timeline = timeline.build_timeline(tables["events"], event_groups, accounts)
events_timeline[events_timeline["n_sources"] > 1]

# %% [markdown]
# ## Where the sources disagree or differ

# %%
found = discrepancies.find_discrepancies(
    tables["events"],
    tables["figures"],
    tables["mentions"],
    tables["passages"],
    tables.texts,
    io.load_yaml_codebook(paths.resolve(measures_path)),
    entities.Gazetteer.from_codebook(io.load_gazetteer(paths.resolve(gazetteer_path))).former_names,
    groups=event_groups,
    published=dict(zip(tables["sources"]["source_id"], tables["sources"]["published"], strict=True)),
)
found[["discrepancy_id", "kind", "subject", "value_a", "source_a", "value_b", "source_b", "note"]]

# %% [markdown]
# ## What each source covers, and where it stands

# %%
coverage = comparison.source_coverage(
    tables["sources"], tables["events"], tables["organizations"], tables["cooperation"], tables["figures"]
)
coverage

# %%
positions = comparison.positions_table(
    io.load_yaml_codebook(paths.resolve(positions_path)), tables.texts, positions_path, tables["passages"]
)
positions.pivot(index="source_id", columns="question", values="position")

# %% [markdown]
# ## Charts
# Each chart has a title, labelled axes, a caption saying what to read from it, and alt text.

# %%
analysis_charts = [
    charts.timeline_chart(events_timeline),
    charts.corroboration_chart(events_timeline),
    charts.cooperation_heatmap(tables["cooperation"], list(tables["sources"]["source_id"])),
    charts.co_mention_network(tables["events"]),
    charts.corpus_size_chart(tables["sources"], tables["passages"]),
]
chart_files = [f for chart in analysis_charts for f in charts.save_chart(chart, paths.resolve(figures_dir))]
charts.Gallery(analysis_charts)

# %% [markdown]
# ## Save outputs
# The tables first, checked against their schemas and the texts; then the workbook and the
# data package, which read every published table back. The inputs are let go before that,
# so a large corpus does not hold both in memory at once (a cell run again reads them anew).

# %%
written = io.write_published_tables(
    {
        "shared_wording": shared_wording,
        "shared_wording_by_pair": shared_by_pair,
        "timeline": events_timeline,
        "discrepancies": found,
        "source_comparison": coverage,
        "positions": positions,
    },
    paths.resolve(tables_dir),
    tables.texts,
)
tables.release()
build = buildinfo.build_info([paths.resolve(d) for d in input_dirs])
written += io.write_data_package(paths.resolve(tables_dir), build.identifier)
io.WrittenFiles.of(chart_files + written, paths.ROOT)
