"""Rebuild tests.tar.xz from a checkout of https://github.com/w3c/data-shapes.

    python tests/data/shacl-w3c/vendor.py PATH/TO/data-shapes

Takes the SHACL Core and SHACL-SPARQL tests (data-shapes-test-suite/tests/core
and tests/sparql: test files and manifests) and writes them, sorted, with
fixed times and owners, so the same checkout gives the same bytes.
"""

from __future__ import annotations

import io
import lzma
import sys
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(checkout: Path) -> None:
    suite = checkout / "data-shapes-test-suite"
    files = sorted(
        p
        for part in ("tests/core", "tests/sparql")
        for p in (suite / part).rglob("*")
        if p.is_file()
    )
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for path in files:
            data = path.read_bytes()
            info = tarfile.TarInfo(str(path.relative_to(suite)))
            info.size, info.mtime, info.mode = len(data), 0, 0o644
            tar.addfile(info, io.BytesIO(data))
    (HERE / "tests.tar.xz").write_bytes(lzma.compress(buffer.getvalue(), preset=9))
    print(f"{len(files)} files -> {HERE / 'tests.tar.xz'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
