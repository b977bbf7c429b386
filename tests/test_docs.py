"""issue 18: the user guide (docs/guide) names the source documents as their readers know them
(« cahier des charges ASRL, §4 », « convention-cadre SOLiHA × MTA, art. IV »), never by the
developers' numbers (« seed 004 §4 »). The developer docs (docs/*.md) keep citing seeds."""

import re
from pathlib import Path

import pytest

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "guide"
SEED = re.compile(r"\bseeds?\b", re.IGNORECASE)
PAGES = sorted(GUIDE.rglob("*.md"))


def test_the_guide_has_pages():
    assert len(PAGES) >= 10


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(GUIDE)))
def test_the_guide_never_cites_a_seed(page):
    cited = [
        f"{page.name}:{number}: {line.strip()}"
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1)
        if SEED.search(line)
    ]
    assert not cited, "Nommer le document, pas la seed :\n" + "\n".join(cited)
