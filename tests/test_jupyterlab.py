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
