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
