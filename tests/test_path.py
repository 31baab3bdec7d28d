"""`mbx path`: the two mechanism chains checked by hand, names, exit codes, pictures, the overview."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from mbx.cli import main

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
GOLDEN = DATA / "golden"
SEEDS = ROOT.parent / "shared" / "seeds"
SVG = "{http://www.w3.org/2000/svg}"


def _paths(*args: str) -> dict[str, object]:
    result = CliRunner().invoke(main, ["path", *args, "-f", "json", "--limit", "0"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _route(chain: dict[str, object]) -> list[str]:
    steps = chain["steps"]
    return [steps[0]["from"], *(s["to"] for s in steps)]  # type: ignore[index]


def _claims(chain: dict[str, object]) -> list[list[str]]:
    return [[c["claim"] for c in s["claims"]] for s in chain["steps"]]  # type: ignore[attr-defined]


def test_resistance_training_to_synaptogenesis_checked_by_hand() -> None:
    found = _paths("resistance training", "synaptogenesis")
    chains = found["chains"]
    assert found["chains_found"] == 4
    # glossary (002): "structured, progressive muscle loading stimulates … release of
    # neurotrophic factors"; "The increase in neurotrophins … promotes synaptogenesis"
    first = chains[0]  # type: ignore[index]
    assert _route(first) == ["mbx:ResistanceTraining", "mbx:Neurotrophin", "mbx:synaptogenesis"]
    assert _claims(first) == [["claim:002-01"], ["claim:002-07"]]
    assert (first["hops"], first["weakest"], first["hypothesis_step"]) == (2, "asserted", False)
    # then through BDNF, a neurotrophin: the step "is a" is shown, with no claim
    second = chains[1]  # type: ignore[index]
    # "BDNF levels have been clearly shown to increase in people who do both aerobic and
    # resistance training" (web article); "exercise, particularly resistance work, increases
    # circulating BDNF" (glossary)
    assert _route(second) == [
        "mbx:ResistanceTraining",
        "mbx:bdnf",
        "mbx:Neurotrophin",
        "mbx:synaptogenesis",
    ]
    assert _claims(second) == [
        ["claim:001-77", "claim:002-02", "claim:002-12"],
        [],
        ["claim:002-07"],
    ]
    assert second["steps"][1]["kind"] == "membership"  # type: ignore[index]
    assert second["steps"][1]["relation"] == "is a"  # type: ignore[index]
    # the chains through "myokines" rest on a hedged claim ("These signaling molecules
    # can cross …, stimulating … BDNF synthesis")
    assert [c["weakest"] for c in chains] == [  # type: ignore[attr-defined]
        "asserted",
        "asserted",
        "hedged",
        "hedged",
    ]
    # then "… producing high levels of brain-boosting myokines" (hedged: "can help") and
    # irisin "released during … resistance training", each through "myokines … stimulating …
    # BDNF synthesis"
    assert [_claims(c)[0] for c in chains[2:]] == [  # type: ignore[index]
        ["claim:001-83"],
        ["claim:001-57"],
    ]
    assert [c["hops"] for c in chains] == [2, 2, 3, 3]  # type: ignore[attr-defined]


def test_vitamin_d_to_bdnf_checked_by_hand() -> None:
    found = _paths("vitamin D", "BDNF")
    first = found["chains"][0]  # type: ignore[index]
    assert _route(first) == ["mbx:vitamin_d", "mbx:bdnf"]
    step = first["steps"][0]
    assert step["relation"] == "potentiates" and step["evidence"] == "asserted"
    claim = step["claims"][0]
    assert claim["claim"] == "claim:000-11" and claim["document"] == "src:000"
    assert claim["quote"] == (
        "Recent work indicates vitamin D sufficiency potentiates exercise-induced BDNF release "
        "from muscle and brain"
    )
    # "enhances sensitivity to … myokines like Irisin"; myokines "stimulating … BDNF"
    second = found["chains"][1]  # type: ignore[index]
    assert _route(second) == ["mbx:vitamin_d", "mbx:irisin", "mbx:Myokine", "mbx:bdnf"]
    assert _claims(second) == [["claim:000-12"], [], ["claim:002-21"]]
    assert second["weakest"] == "hedged"
    assert found["chains_found"] == 2


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source texts (../shared/seeds) are not here")
@pytest.mark.parametrize(
    ("source", "target"), [("resistance training", "synaptogenesis"), ("vitamin D", "BDNF")]
)
def test_every_quote_is_in_its_document(source: str, target: str) -> None:
    texts = {
        p.name[:3]: " ".join(p.read_text(encoding="utf-8").split()) for p in SEEDS.glob("*.txt")
    }
    for chain in _paths(source, target)["chains"]:  # type: ignore[attr-defined]
        for step in chain["steps"]:
            for claim in step["claims"]:
                assert claim["quote"] in texts[claim["document"].removeprefix("src:")]


@pytest.mark.parametrize(
    ("name", "golden"),
    [
        (("resistance training", "synaptogenesis"), "path-resistance-training-synaptogenesis.txt"),
        (("vitamin D", "BDNF"), "path-vitamin-d-bdnf.txt"),
    ],
)
def test_paths_golden(name: tuple[str, str], golden: str, request: pytest.FixtureRequest) -> None:
    result = CliRunner().invoke(main, ["path", *name])
    assert result.exit_code == 0, result.output
    file = GOLDEN / golden
    if request.config.getoption("--update-golden", default=False):
        file.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == file.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name",
    ["vitamin D", "VITAMIN d", "Vitamin-D", "mbx:vitamin_d", "https://w3id.org/mbx/vitamin_d"],
)
def test_names_by_label_curie_or_iri_in_any_case(name: str) -> None:
    assert _paths(name, "brain-derived neurotrophic factor")["from"] == "mbx:vitamin_d"


def test_names_by_synonym() -> None:
    found = _paths("weight training", "Brain-Derived Neurotrophic Factor")
    assert (found["from"], found["to"]) == ("mbx:ResistanceTraining", "mbx:bdnf")


def test_a_hypothesis_is_flagged() -> None:
    found = _paths("targeted nutrition", "brain health")
    chain = found["chains"][0]  # type: ignore[index]
    assert (chain["weakest"], chain["hypothesis_step"]) == ("proposed", True)
    assert _claims(chain) == [["claim:000-56"]]


def test_membership_steps_lead_down_only_at_the_start() -> None:
    # "micronutrients" → vitamin D (one of them) → BDNF
    first = _paths("micronutrients", "BDNF")["chains"][0]  # type: ignore[index]
    assert _route(first) == ["mbx:Micronutrient", "mbx:vitamin_d", "mbx:bdnf"]
    assert first["steps"][0]["relation"] == "includes"
    # a claim about a group never reaches one member through it: exercise stimulates
    # myokines, but that is no chain to irisin
    result = CliRunner().invoke(main, ["path", "exercise", "irisin"])
    assert result.exit_code == 1, result.output


def test_max_hops_bounds_the_chains() -> None:
    assert _paths("resistance training", "synaptogenesis", "--max-hops", "2")["chains_found"] == 2
    result = CliRunner().invoke(
        main, ["path", "resistance training", "synaptogenesis", "--max-hops", "1"]
    )
    assert result.exit_code == 1


def test_no_chain_is_exit_1_and_one_line() -> None:
    result = CliRunner().invoke(main, ["path", "BDNF", "vitamin D"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "mbx path: no chain of claims leads from brain-derived neurotrophic factor to "
        "vitamin D within 4 hops\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["vitamn d", "BDNF"],
            "Error: FROM: no term is named 'vitamn d'; did you mean 'vitamin D' (mbx:vitamin_d)",
        ),
        (["vitamin D", "xyzzy"], "Error: TO: no term is named 'xyzzy'; give the label"),
        (
            ["irisin", "BDNF", "-i", str(DATA / "axis" / "same-label.ttl")],
            "Error: FROM: 'irisin' names 2 terms: 'irisin' (lab:irisin), 'irisin' (mbx:irisin); "
            "give the CURIE of the one you mean",
        ),
        (["BDNF"], "Error: expected FROM and TO, got 1 name;"),
        (["BDNF", "bdnf"], "Error: FROM and TO name the same term, mbx:bdnf"),
        (["BDNF", "TrkB", "--max-hops", "0"], "Error: Invalid value for '--max-hops'"),
        (["--overview"], "Error: --overview draws a picture; give -o FILE.svg or -o FILE.png"),
        (["BDNF", "TrkB", "--overview", "-o", "x.svg"], "Error: --overview takes no FROM TO"),
        (["BDNF", "TrkB", "-f", "csv"], "Error: Invalid value for '-f' / '--format'"),
    ],
)
def test_bad_input_is_one_line_exit_2(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["path", *args])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(message), result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_markdown_output() -> None:
    result = CliRunner().invoke(main, ["path", "vitamin D", "BDNF", "-f", "markdown"])
    lines = result.stdout.splitlines()
    assert lines[0].startswith("2 chains of claims from vitamin D to")
    assert "### Chain 1: vitamin D → brain-derived neurotrophic factor" in lines
    assert any(line.startswith("| 1 | vitamin D | potentiates |") for line in lines)


def _svg_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_path_picture(tmp_path: Path) -> None:
    target = tmp_path / "path.svg"
    result = CliRunner().invoke(
        main, ["path", "resistance training", "synaptogenesis", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    texts = _svg_texts(target)
    text = "\n".join(texts)
    for label in (
        "resistance training",
        "neurotrophin",
        "synaptogenesis",
        "stimulates",
        "is a",
        "asserted",
        "hedged",
    ):
        assert label in texts
    assert "brain-derived\nneurotrophic factor" in text  # wrapped in its box
    assert "node colour = kind" in texts and "line = evidence" in texts


def test_path_png(tmp_path: Path) -> None:
    from PIL import Image

    target = tmp_path / "path.png"
    result = CliRunner().invoke(main, ["path", "vitamin D", "BDNF", "-o", str(target)])
    assert result.exit_code == 0, result.output
    with Image.open(target) as image:
        assert image.format == "PNG"
        width, height = image.size
    assert 1000 < width < 2500 and 400 < height < 1500


def test_overview_picture(tmp_path: Path) -> None:
    target = tmp_path / "axis.svg"
    result = CliRunner().invoke(main, ["path", "--overview", "-o", str(target)])
    assert result.exit_code == 0, result.output
    texts = _svg_texts(target)
    words = " ".join(texts).split()
    for title in ("exercise, nutrients, first effects", "receptors and enzymes", "processes"):
        assert title in " ".join(words), title
    for label in (
        "resistance training",
        "vitamin D",
        "irisin",
        "TrkB receptor",
        "hippocampus",
        "synaptogenesis",
        "brain health",
    ):
        assert label in texts, label
    again = tmp_path / "again.svg"
    CliRunner().invoke(main, ["path", "--overview", "-o", str(again)])
    assert again.read_bytes() == target.read_bytes()
