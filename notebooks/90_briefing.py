# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Render the briefing
# Reads the tables in `data/interim/` and writes the briefing as one self-contained HTML
# file and an A4 PDF in `reports/`, with its charts in `reports/figures/`. Each cell adds
# one part of the document and shows it; the last cell writes both files.

# %% tags=["parameters"]
focus = "all"
period_start = ""
period_end = ""
title = ""
interim_dir = "data/interim"
figures_dir = "reports/figures"
reports_dir = "reports"
template_dir = "src/helpers/templates/briefing"
input_dirs = ["data/sources", "data/codebook"]

# %%
from helpers import buildinfo, charts, io, params, paths, render

run = params.validate({"focus": focus, "period_start": period_start, "period_end": period_end, "title": title})
suffix = params.output_suffix(run["focus"])
document_title = run["title"] or "Pakistan and the multilateral order: NATO, the UN and beyond"

# %% [markdown]
# ## Load inputs

# %%
sources = io.read_parquet(paths.resolve(interim_dir) / "sources.parquet", "notebooks/10_ingest.py")
passages = io.read_parquet(paths.resolve(interim_dir) / "passages.parquet", "notebooks/10_ingest.py")
build = buildinfo.build_info([paths.resolve(d) for d in input_dirs])
briefing = render.Briefing(document_title, template_dir=paths.resolve(template_dir))

# %% [markdown]
# ## Title block

# %%
briefing.add(render.title_block(document_title, build, len(sources), params.describe(run)))

# %% [markdown]
# ## Source register

# %%
briefing.add(render.source_register(sources))

# %% [markdown]
# ## The corpus
# How much text each source brings, and how much was set aside at ingest.

# %%
size_chart = charts.corpus_size_chart(sources, passages)
charts.save_chart(size_chart, paths.resolve(figures_dir))
briefing.add(render.corpus_statistics(sources, passages, charts.svg_bytes(size_chart.figure), size_chart))

# %% [markdown]
# ## Save outputs

# %%
reports = paths.resolve(reports_dir)
written = briefing.write(reports / f"briefing{suffix}.html", reports / f"briefing{suffix}.pdf")
[str(p.relative_to(paths.ROOT)) for p in written]
