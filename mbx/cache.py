"""The bundled dataset cached as N-Quads, keyed on the state of its source files and mbx's code.

Building the bundled graph parses its Turtle files and turns its curated
tables into quads on every run; reading the same quads back as N-Quads is
several times faster. The cache file's name is a SHA-256 of everything the
result depends on — the mbx and pyoxigraph versions, every ``.py`` file of
the package and every file in the data folders (name, size, modification and
change times, to the nanosecond: what changes with any edit, as git's index
uses) and the arguments — so an edit to any of them builds anew: the cache
cannot go stale. It lives in
``$MBX_CACHE_DIR``, else ``$XDG_CACHE_HOME/mbx``, else ``~/.cache/mbx``;
``MBX_NO_CACHE=1`` turns it off; a folder that cannot be written is skipped
silently (the data is built as before). The newest :data:`KEEP` files are kept.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

F = TypeVar("F", bound=Callable[..., "list[pyoxigraph.Quad]"])

#: cache files kept (several checkouts or versions may share the folder)
KEEP = 8


def cache_dir() -> Path | None:
    """Where cached files go (None: caching is off)."""
    if os.environ.get("MBX_NO_CACHE"):
        return None
    chosen = os.environ.get("MBX_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mbx"


def data_dirs() -> list[Path]:
    """The folders the bundled dataset is built from (``ontology/``, and ``kg/`` if it exists)."""
    from mbx import resources

    folders = [resources.ontology_dir()]
    kg_dir = getattr(resources, "kg_dir", None)  # the 0.2 layout adds kg/
    if kg_dir is not None:
        folders.append(kg_dir())
    return folders


def content_key(folders: Iterable[Path], extra: str = "") -> str:
    """A SHA-256 of mbx's code, the files in ``folders`` (name, size, times) and ``extra``."""
    import pyoxigraph

    import mbx

    digest = hashlib.sha256(f"{mbx.__version__}\0{pyoxigraph.__version__}\0{extra}\0".encode())
    package = Path(mbx.__file__).resolve().parent
    for root in (package, *folders):
        pattern = "*.py" if root == package else "*"
        for path in sorted(p for p in root.rglob(pattern) if p.is_file()):
            if "__pycache__" in path.parts:
                continue
            status = path.stat()  # ctime cannot be set back by hand, unlike mtime
            state = (status.st_size, status.st_mtime_ns, status.st_ctime_ns)
            digest.update(f"{path.relative_to(root)}\0{state}\0".encode())
    return digest.hexdigest()


def cached(
    build: F | None = None, *, folders: Callable[[], list[Path]] = data_dirs
) -> Any:
    """Decorate a function that builds quads from the shipped data, to read them from the cache.

    Calls that name their own folders (a :class:`pathlib.Path` argument)
    are not cached; other arguments are part of the key.
    """

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> list[pyoxigraph.Quad]:
            where = cache_dir()
            own_folders = any(isinstance(a, Path) for a in (*args, *kwargs.values()))
            if where is None or own_folders:
                return function(*args, **kwargs)
            call = repr((function.__qualname__, args, sorted(kwargs.items())))
            key = content_key(folders(), call)
            path = where / f"bundle-{key[:32]}.nq"
            quads = _read(path)
            if quads is None:
                quads = function(*args, **kwargs)
                _write(path, quads)
            return quads

        return wrapper  # type: ignore[return-value]

    return decorate(build) if build is not None else decorate


def _read(path: Path) -> list[pyoxigraph.Quad] | None:
    import pyoxigraph as ox

    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        return list(ox.parse(data, format=ox.RdfFormat.N_QUADS, rename_blank_nodes=True))
    except (SyntaxError, ValueError):  # a damaged cache file is rebuilt
        return None


def _write(path: Path, quads: list[pyoxigraph.Quad]) -> None:
    import pyoxigraph as ox

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".bundle-", suffix=".tmp", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            ox.serialize(quads, handle, format=ox.RdfFormat.N_QUADS)
        os.replace(tmp, path)
        old = sorted(path.parent.glob("bundle-*.nq"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[KEEP:]:
            stale.unlink(missing_ok=True)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
