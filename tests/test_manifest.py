"""What `make report` prints at its end: the outputs, and whether any step had to run."""

from helpers import manifest, paths


def test_a_build_that_ran_nothing_says_it_was_up_to_date(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    monkeypatch.setattr(paths, "REPORTS_DIR", tmp_path / "reports")
    monkeypatch.setattr(paths, "TABLES_DIR", tmp_path / "reports/tables")
    monkeypatch.setattr(paths, "FIGURES_DIR", tmp_path / "reports/figures")
    (tmp_path / "reports/tables").mkdir(parents=True)
    (tmp_path / "reports/briefing.html").write_text("<html></html>")
    (tmp_path / "reports/tables/events.csv").write_text("event_id\n")
    manifest.main([])
    up_to_date = capsys.readouterr().out
    assert up_to_date.startswith("Up to date: no step needed running.") and "Wrote" not in up_to_date
    assert "  reports/briefing.html\n  reports/tables/events.csv\n" in up_to_date
    manifest.main(["--ran"])
    assert capsys.readouterr().out.startswith("The build's outputs:\n")


def test_a_source_whose_kind_is_blank_is_named_after_the_build(tmp_path, monkeypatch, capsys):
    """`make add-source` leaves kind blank for the analyst to fill in; the briefing then said
    'not given' and the build had gone on without a word (an analyst's review)."""
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    monkeypatch.setattr(paths, "REPORTS_DIR", tmp_path / "reports")
    monkeypatch.setattr(paths, "TABLES_DIR", tmp_path / "reports/tables")
    monkeypatch.setattr(paths, "FIGURES_DIR", tmp_path / "reports/figures")
    (tmp_path / "reports/tables").mkdir(parents=True)
    sources = tmp_path / "reports/tables/sources.csv"
    sources.write_text('source_id,title,kind\nkhan-2023,"A, B",\nshah-2024,C,essay\nrao-2022,D, \n')
    manifest.main(["--ran"])
    out = capsys.readouterr().out
    assert "Note: data/sources/sources.yml gives no kind for khan-2023, rao-2022; the briefing says 'not given'." in out
    sources.write_text("source_id,title,kind\nshah-2024,C,essay\n")
    manifest.main(["--ran"])
    assert "Note" not in capsys.readouterr().out
