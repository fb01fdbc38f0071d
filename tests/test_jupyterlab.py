"""What an analyst's JupyterLab does to the notebooks: saving one leaves the file as it is."""

import asyncio
import shutil

from conftest import REPO


def test_saving_a_notebook_in_jupyterlab_leaves_the_file_unchanged(tmp_path):
    """Lab saves .py notebooks through jupytext's contents manager, which writes its own
    version into the header unless the header filters it out; every save would then be a
    change in git and a rebuild of every step after it."""
    from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
    from jupytext.async_contentsmanager import build_async_jupytext_contents_manager_class

    shutil.copytree(REPO / "notebooks", tmp_path / "notebooks")
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    manager = build_async_jupytext_contents_manager_class(AsyncLargeFileManager)(root_dir=str(tmp_path))

    async def open_and_save(path: str) -> None:
        model = await manager.get(path, content=True)
        model["content"]["metadata"]["language_info"] = {"name": "python", "version": "3.11"}  # as a kernel sets it
        await manager.save(model, path)

    notebooks = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.py"))
    assert notebooks
    for notebook in notebooks:
        asyncio.run(open_and_save(f"notebooks/{notebook.name}"))
        assert (tmp_path / "notebooks" / notebook.name).read_text() == notebook.read_text(), notebook.name


def test_a_new_notebook_saved_in_jupyterlab_gets_no_jupytext_version(tmp_path):
    """A step an analyst adds in Lab is saved under the project's jupytext settings
    (pyproject.toml), so its later saves do not change its header either."""
    import nbformat
    from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
    from jupytext.async_contentsmanager import build_async_jupytext_contents_manager_class

    (tmp_path / "notebooks").mkdir()
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    manager = build_async_jupytext_contents_manager_class(AsyncLargeFileManager)(root_dir=str(tmp_path))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.metadata["jupytext"] = {"formats": "py:percent"}

    async def save_new() -> None:
        await manager.save({"type": "notebook", "format": "json", "content": nb}, "notebooks/40_new.py")

    asyncio.run(save_new())
    saved = (tmp_path / "notebooks/40_new.py").read_text()
    assert "format_name: percent" in saved and "# %%\nx = 1" in saved
    assert "jupytext_version:" not in saved and "format_version:" not in saved
