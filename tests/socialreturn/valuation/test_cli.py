"""The command line ``python -m impactplein.socialreturn``: each preset evaluates its example
contract; bad files get precise messages on stderr and exit code 2, never a traceback. It runs
without Django settings."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import impactplein.socialreturn.presets.examples as examples_package

EXAMPLES = Path(examples_package.__file__).parent

# The obligation of each example contract under its preset (see docs/socialreturn.md):
EXPECTED = {
    # tender sum €1,200,000 × 5%
    "den-haag-2023": (60000, 82483),
    # contract value €750,000 × 5% (general rule); the draft's amounts are 0
    "drechtsteden": (37500, 8500),
    # €900,000 × 5%
    "harlingen": (45000, 32033),
    # €2,000,000 × 5%
    "leiden-2023": (100000, 107750),
    # invoiced turnover €600,000 × 5%
    "oost-nederland-v05": (30000, 56613),
    # €300,000 × 5%
    "rijnvicus": (15000, 13150),
    # €800,000 × 5%
    "utrecht": (40000, 79251),
    # €500,000 × 5%
    "utrecht-older": (25000, 34200),
}


def run(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run(  # noqa: S603 - the interpreter running the tests, fixed arguments
        [sys.executable, "-m", "impactplein.socialreturn", *map(str, arguments)],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=60,
    )


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_each_preset_evaluates_its_example_contract(slug):
    result = run("evaluate", slug, EXAMPLES / f"{slug}.json")
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    obligation, realised = EXPECTED[slug]
    assert output["obligation"]["amount"] == obligation
    assert output["realised"] == realised
    assert output["remaining"] == max(obligation - realised, 0)
    assert output["surplus"] == max(realised - obligation, 0)
    assert output["scheme"].startswith(f"{slug}@")
    for item in output["items"]:
        assert item["inputs"]
        assert item["steps"]
    assert result.stderr == ""


def test_the_steps_in_dutch_with_the_same_explanation():
    english = json.loads(run("evaluate", "harlingen", EXAMPLES / "harlingen.json").stdout)
    result = run("evaluate", "--language", "nl", "harlingen", EXAMPLES / "harlingen.json")
    assert result.returncode == 0, result.stderr
    dutch = json.loads(result.stdout)
    # €900,000 × 5% = €45,000
    assert (
        dutch["obligation"]["steps"][-1]
        == "Verplichting: € 45.000 (eenmaal afgerond op hele euro's)."
    )
    assert (
        english["obligation"]["steps"][-1] == "Obligation: €45,000 (rounded once to whole euros)."
    )
    assert dutch["obligation"]["explanation"] == english["obligation"]["explanation"]
    assert [i["explanation"] for i in dutch["items"]] == [
        i["explanation"] for i in english["items"]
    ]
    assert dutch["obligation"]["explanation"][-1] == {
        "code": "obligation.total",
        "params": {"amount": "45000"},
    }


def test_an_unknown_language_is_a_usage_error():
    result = run("evaluate", "--language", "de", "harlingen", EXAMPLES / "harlingen.json")
    assert result.returncode == 2
    assert "--language" in result.stderr
    assert result.stdout == ""


def test_a_scheme_file_path_works_like_a_preset(tmp_path):
    from impactplein.socialreturn.valuation import preset_definition

    scheme_file = tmp_path / "scheme.json"
    scheme_file.write_text(json.dumps(preset_definition("harlingen")))
    result = run("evaluate", scheme_file, EXAMPLES / "harlingen.json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["obligation"]["amount"] == 45000


def test_a_bad_contract_file_exits_2_with_every_problem(tmp_path):
    data = json.loads((EXAMPLES / "den-haag-2023.json").read_text())
    data["items"][2]["hours_per_week"] = "veel"
    data["items"][4]["block"] = "onbekend"
    contract = tmp_path / "contract.json"
    contract.write_text(json.dumps(data))
    result = run("evaluate", "den-haag-2023", contract)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{contract}: items[2] (P-3): hours_per_week must be a number, not 'veel'",
        f"{contract}: items[4] (I-1): block 'onbekend' is not a block of den-haag-2023@2023-07-01",
    ]
    assert "Traceback" not in result.stderr


def test_a_bad_scheme_file_exits_2(tmp_path):
    scheme = tmp_path / "scheme.json"
    scheme.write_text('{"slug": "x", "version": "1", "name": "X", "base_hours": "36 uur"}')
    result = run("evaluate", scheme, EXAMPLES / "utrecht.json")
    assert result.returncode == 2
    assert f"{scheme}: base_hours must be a number, not '36 uur'" in result.stderr.splitlines()
    assert f"{scheme}: obligation is required" in result.stderr.splitlines()
    assert "Traceback" not in result.stderr


def test_a_file_that_is_not_json_exits_2(tmp_path):
    contract = tmp_path / "contract.json"
    contract.write_text("{\n  'contract': {}\n}\n")
    result = run("evaluate", "utrecht", contract)
    assert result.returncode == 2
    assert result.stderr.startswith(f"{contract}: is not valid JSON:")
    assert "line 2, column 3" in result.stderr


def test_a_missing_file_or_unknown_preset_exits_2(tmp_path):
    result = run("evaluate", "amsterdam", EXAMPLES / "utrecht.json")
    assert result.returncode == 2
    assert result.stderr.startswith("amsterdam: is neither a file nor a preset (presets: den-haag")
    missing = tmp_path / "absent.json"
    result = run("evaluate", "utrecht", missing)
    assert result.returncode == 2
    assert result.stderr.strip() == f"{missing}: the file does not exist"


def test_presets_lists_every_preset():
    result = run("presets")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == sorted(EXPECTED)
    assert any(line.startswith("drechtsteden\t") and line.endswith("(draft)") for line in lines)


def test_help_and_usage():
    result = run("--help")
    assert result.returncode == 0
    assert "evaluate" in result.stdout
    assert "presets" in result.stdout
    assert run().returncode == 2  # no command: argparse's usage error


def test_the_command_line_does_not_load_django():
    code = (
        "import sys; from impactplein.socialreturn.__main__ import main; "
        "main(['presets']); print('django' in sys.modules)"
    )
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(  # noqa: S603 - the interpreter running the tests, fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, env=environment, check=True
    )
    assert result.stdout.splitlines()[-1] == "False"
