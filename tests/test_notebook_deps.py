from pathlib import Path

from helpers import notebook_deps, params

REPO = Path(__file__).resolve().parents[1]


def test_each_step_depends_on_its_notebook_helpers_inputs_and_the_step_before():
    notebooks = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.py"))
    rules = notebook_deps.rules(notebooks, set(params.BY_NAME))
    lines = dict(line.split(": ", 1) for line in rules.splitlines() if line.startswith("$(EXECUTED)"))
    ingest = lines["$(EXECUTED)/10_ingest.ipynb"].split()
    assert "notebooks/10_ingest.py" in ingest
    assert "src/helpers/ingest.py" in ingest and "src/helpers/registry.py" in ingest  # via corpus.py
    assert "src/helpers/render.py" not in ingest
    assert "data/codebook/boilerplate.yml" in ingest
    assert any("data/sources" in d for d in ingest)
    briefing = lines["$(EXECUTED)/90_briefing$(SUFFIX).ipynb"].split()
    assert "src/helpers/render.py" in briefing and "$(PARAMS_STAMP)" in briefing
    assert "src/helpers/ingest.py" not in briefing
    # its build identifier hashes every source and codebook (input_dirs, a list parameter)
    assert any("find data/sources" in d for d in lines["$(EXECUTED)/90_briefing$(SUFFIX).ipynb"].split("$(shell"))
    assert any("find data/codebook" in d for d in lines["$(EXECUTED)/30_analyse.ipynb"].split("$(shell"))
    assert briefing[-2] == notebooks_target(notebooks[-2]) or notebooks_target(notebooks[-2]) in briefing


def notebooks_target(nb: Path) -> str:
    return f"$(EXECUTED)/{nb.stem}.ipynb"


def test_parameters_cell_is_read_from_the_tagged_cell_only():
    source = '# %%\nx = "data/sources"\n\n# %% tags=["parameters"]\nfocus = "all"\nn = 3\n\n# %%\ny = 1\n'
    assert notebook_deps.parameter_values(source) == {"focus": "all", "n": 3}


def test_every_notebook_has_a_parameters_cell_and_a_kernelspec():
    for nb in (REPO / "notebooks").glob("[0-9][0-9]_*.py"):
        text = nb.read_text(encoding="utf-8")
        assert notebook_deps.parameters_cell(text).strip(), nb.name
        assert "kernelspec:" in text and "name: python3" in text, nb.name
