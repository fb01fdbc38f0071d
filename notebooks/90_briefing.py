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
# # Render the briefing
# Reads the tables in `reports/tables/`, the texts in `data/interim/text/`, the charts the
# analysis saved in `reports/figures/` and `data/codebook/briefing_topics.yml`. Writes the
# briefing as one self-contained HTML file and an A4 PDF in `reports/` (`briefing.html` and
# `briefing.pdf`, or `briefing-<focus>.html` and `.pdf` for a focus). After the inputs and
# the charts, each cell sets one part of the document and shows it (run again, it replaces
# its part); the last cell writes both files. However large the corpus, the document stays
# readable: long tables show their top rows and link to the full table in `reports/tables/`
# (`sections.Limits` says how many).

# %% tags=["parameters"]
focus = "all"
period_start = ""
period_end = ""
title = ""
tables_dir = "reports/tables"
interim_dir = "data/interim"
topics_path = "data/codebook/briefing_topics.yml"
figures_dir = "reports/figures"
reports_dir = "reports"
template_dir = "src/helpers/templates/briefing"
input_dirs = ["data/sources", "data/codebook"]

# %%
from helpers import briefing as sections
from helpers import buildinfo, charts, io, params, paths, render, schemas

run = params.validate({"focus": focus, "period_start": period_start, "period_end": period_end, "title": title})
suffix = params.suffix_of(run)
document_title = run["title"] or "Pakistan and the multilateral order: NATO, the UN and beyond"

# %% [markdown]
# ## Load inputs

# %%
tables = io.PublishedTables(
    paths.resolve(tables_dir),
    {
        "notebooks/10_ingest.py": ["sources", "passages"],
        "notebooks/20_extract.py": ["events", "figures", "organizations", "relationships", "cooperation", "mentions"],
        "notebooks/30_analyse.py": [
            "shared_wording_by_pair",
            "timeline",
            "discrepancies",
            "source_comparison",
            "positions",
        ],
    },
    texts_dir=paths.resolve(interim_dir) / "text",
)
tables.read_all()  # every table checked now, not cells later
texts = tables.texts
limits = sections.Limits().for_corpus(len(tables["sources"]))
inputs = sections.BriefingInputs(
    tables,
    texts,
    io.load_yaml_codebook(paths.resolve(topics_path)),
    run["focus"],
    run["period_start"],
    run["period_end"],
    limits,
)
evidence = sections.Evidence(tables["sources"], tables["passages"], texts, max_citations=limits.citations)
build = buildinfo.build_info([paths.resolve(d) for d in input_dirs])
briefing = render.Briefing(document_title, template_dir=paths.resolve(template_dir))

# %% [markdown]
# ## Charts
# Drawn from the tables this briefing shows, so a focus or period changes them too. A chart
# of whole tables is the one the analysis saved in `reports/figures/`: the page embeds
# that file instead of drawing the chart again.

# %%
saved_charts = paths.resolve(figures_dir)
timeline_rows = sections.timeline_rows(inputs)
focus_events = sections.in_focus(tables["events"], run["focus"], tables["sources"])
whole_timeline = saved_charts if timeline_rows.equals(tables["timeline"]) else None
whole_events = saved_charts if focus_events.equals(tables["events"]) else None
focus_cooperation = sections.cooperation_about(inputs, run["focus"])
whole_cooperation = saved_charts if focus_cooperation.equals(tables["cooperation"]) else None
timeline_chart = charts.reuse_saved(charts.timeline_chart(timeline_rows), whole_timeline)
comparison_charts = [
    charts.reuse_saved(charts.corroboration_chart(timeline_rows), whole_timeline),
    charts.reuse_saved(
        charts.cooperation_heatmap(focus_cooperation, list(tables["sources"]["source_id"])), whole_cooperation
    ),
    charts.reuse_saved(charts.co_mention_network(focus_events), whole_events),
]
size_chart = charts.reuse_saved(charts.corpus_size_chart(tables["sources"], tables["passages"]), saved_charts)
charts.Gallery([timeline_chart, *comparison_charts, size_chart])

# %% [markdown]
# ## Title, contents and key findings

# %%
briefing.part(
    "opening",
    render.title_block(document_title, build, len(tables["sources"]), sections.scope_line(inputs)),
    sections.table_of_contents(run["focus"], inputs.topics),
    sections.findings_section(inputs, evidence),
)

# %% [markdown]
# ## Timeline and the relationships, body by body
# The bodies are those the focus covers: NATO, the UN and the other bodies for the whole
# corpus.

# %%
briefing.part(
    "timeline and bodies",
    sections.timeline_section(inputs, evidence, timeline_chart),
    *sections.body_sections(inputs, evidence),
)

# %% [markdown]
# ## Figures, disagreements and the sources compared

# %%
briefing.part(
    "figures and comparison",
    sections.figures_section(inputs, evidence),
    sections.disagreements_section(inputs, evidence),
    sections.comparison_section(inputs, evidence, comparison_charts),
)

# %% [markdown]
# ## Method, bibliography and appendices

# %%
statistics = render.corpus_statistics(
    tables["sources"], tables["passages"], size_chart, limits.table_length(len(tables["sources"]))
)
listed = sections.listed_sources(inputs, evidence)  # every source the document cites or links to
briefing.part(
    "method and appendices",
    sections.method_section(inputs, statistics, run),
    sections.bibliography_section(render.source_register(listed), len(listed), len(tables["sources"])),
    sections.evidence_appendix(evidence),
    sections.dictionary_appendix(list(schemas.TABLES)),
)

# %% [markdown]
# ## Save outputs

# %%
reports = paths.resolve(reports_dir)
written = briefing.write(reports / f"briefing{suffix}.html", reports / f"briefing{suffix}.pdf")
io.WrittenFiles.of(written, paths.ROOT)
