"""The release's HTML documentation: a page per term with what the issue asks for (label,
definition, synonyms, linked mappings, superclasses, domain and range, the claims that use the
term with their quotes), an index whose search works in a real browser, no broken links."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mbx.build.vocab import term_names
from mbx.dataset import load_quads

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: flags for a headless, offline, sandbox-free Chromium (tests run as root in CI)
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-default-apps", "--disable-sync", "--no-first-run",
    "--hide-scrollbars",
]  # fmt: skip


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name):
                self.links.append(str(values[name]))
        if values.get("id"):
            self.ids.add(str(values["id"]))


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_every_term_of_the_ontology_has_a_page(release: Path) -> None:
    pages = {p.stem for p in (release / "html" / "terms").glob("*.html")}
    mbx_terms = set(term_names(load_quads(part="ontology")))
    assert mbx_terms <= pages
    assert {"RO_0002206", "BFO_0000050"} <= pages  # RO/BFO relations MBX uses directly
    index = _text(release / "html" / "index.html")
    for name in mbx_terms:
        assert f'href="terms/{name}.html"' in index, name


def test_a_kind_page_shows_definition_synonyms_mappings_superclasses_and_claims(
    release: Path,
) -> None:
    page = _text(release / "html" / "terms" / "bdnf.html")
    assert "<h1>brain-derived neurotrophic factor</h1>" in page
    assert "A neurotrophin of the nerve growth factor family" in page
    assert "BDNF <span class=\"muted\">(exact)</span>" in page
    assert 'href="http://purl.obolibrary.org/obo/PR_000004716"' in page  # a mapping, linked
    assert 'href="http://identifiers.org/hgnc/1033"' in page
    assert 'href="../terms/Myokine.html"' in page and 'href="../terms/Neurotrophin.html"' in page
    # claim 000-11 (vitamin D potentiates BDNF) with its quote, hedging and citation
    assert 'href="../claims.html#claim-000-11"' in page
    assert ("Recent work indicates vitamin D sufficiency potentiates exercise-induced BDNF "
            "release from muscle and brain") in page  # fmt: skip
    assert 'href="https://doi.org/10.1038/s41419-022-05378-4"' in page
    count = int(re.search(r'Claims that use this term <span class="count">(\d+)', page)[1])
    assert count == page.count('<article class="claim"') and count >= 10


def test_a_relation_page_shows_domain_range_and_super_property(release: Path) -> None:
    page = _text(release / "html" / "terms" / "actsVia.html")
    facts = re.sub(r"\s+", " ", page)
    assert re.search(r"<th>Domain</th>.*molecular entity", facts)
    assert re.search(r"<th>Range</th>.*receptor or signaling pathway", facts)
    ro = _text(release / "html" / "terms" / "RO_0002211.html")
    assert 'href="../terms/regulates.html"' in ro  # RO regulates ⊑ mbx:regulates


def test_the_index_shows_the_crosstalk_matrix_that_mbx_matrix_draws(release: Path) -> None:
    """docs/img/matrix.svg is `mbx matrix -o` of the bundled graph (tests/test_axis_docs.py)."""
    index = _text(release / "html" / "index.html")
    assert '<img class="matrix" src="matrix.svg"' in index
    picture = (release / "html" / "matrix.svg").read_bytes()
    assert picture == (Path(__file__).parents[1] / "docs" / "img" / "matrix.svg").read_bytes()


def test_no_link_of_the_site_is_broken(release: Path) -> None:
    html = release / "html"
    pages = sorted(html.rglob("*.html"))
    assert len(pages) > 250
    ids: dict[Path, set[str]] = {}
    for page in pages:
        parser = _Links()
        parser.feed(_text(page))
        for link in parser.links:
            if link.startswith(("http://", "https://")):
                continue
            target, _, anchor = link.partition("#")
            path = (page.parent / target).resolve() if target else page
            assert path.is_file(), f"{page.relative_to(html)} links to missing {link}"
            if anchor and path.suffix == ".html":
                if path not in ids:
                    other = _Links()
                    other.feed(_text(path))
                    ids[path] = other.ids
                assert anchor in ids[path], f"{page.relative_to(html)}: no #{anchor} in {target}"


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH: apt-get install -y chromium")
def test_the_search_filters_the_index_in_a_real_browser(release: Path) -> None:
    """Headless Chromium runs the page's script: ?q=trkb leaves the TrkB rows only."""
    url = (release / "html" / "index.html").as_uri() + "?q=trkb"
    done = subprocess.run(
        [str(CHROMIUM), *CHROMIUM_FLAGS, "--dump-dom", url],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    rows = re.findall(r"<tr (data-category[^>]*)>", done.stdout)
    shown = [r for r in rows if " hidden" not in r]
    assert len(rows) > 250 and 1 <= len(shown) <= 5
    assert all("trkb" in r for r in shown)
    assert re.search(r'id="shown"[^>]*>\d of \d+ terms<', done.stdout)


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH: apt-get install -y chromium")
def test_chromium_renders_a_term_page_to_a_screenshot(release: Path, tmp_path: Path) -> None:
    shot = tmp_path / "bdnf.png"
    done = subprocess.run(
        [str(CHROMIUM), *CHROMIUM_FLAGS, "--window-size=1280,1500", f"--screenshot={shot}",
         (release / "html" / "terms" / "bdnf.html").as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and shot.stat().st_size > 50_000, done.stderr[-2000:]
