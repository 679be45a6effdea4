"""``docs/socialreturn.md`` shows, for every preset, the command on its example contract and the
real output of that command: the page stays true when the engine or a preset changes."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from impactplein.socialreturn.valuation import preset_names

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "socialreturn.md"
COMMAND = re.compile(
    r"^\$ python -m impactplein\.socialreturn evaluate (\S+) (\S+)\n```\n\n```json\n(.*?)\n```",
    re.M | re.S,
)


def documented() -> dict[str, tuple[str, str]]:
    return {
        scheme: (contract, output) for scheme, contract, output in COMMAND.findall(DOC.read_text())
    }


def test_every_preset_is_documented_with_its_example():
    examples = documented()
    assert sorted(examples) == preset_names()
    for slug, (contract, _) in examples.items():
        assert contract == f"src/impactplein/socialreturn/presets/examples/{slug}.json"


def test_the_page_keeps_the_sections_colleagues_rely_on():
    # Colleagues add their own sections after "In the application".
    headings = re.findall(r"^## (.+)$", DOC.read_text(), re.M)
    assert headings[:6] == [
        "Valuation engine",
        "Scheme file format",
        "Contract file format",
        "Command line",
        "Presets and their sources",
        "In the application",
    ]


@pytest.mark.parametrize("slug", preset_names())
def test_the_documented_output_is_what_the_command_prints(slug):
    contract, output = documented()[slug]
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(  # noqa: S603 - the interpreter running the tests, fixed arguments
        [sys.executable, "-m", "impactplein.socialreturn", "evaluate", slug, contract],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    )
    assert json.loads(result.stdout) == json.loads(output)
