"""Command line of the social-return valuation engine; needs no Django settings.

    python -m impactplein.socialreturn evaluate [--language nl|en] SCHEME CONTRACT
    python -m impactplein.socialreturn presets

SCHEME is a scheme JSON file or the slug of a shipped preset, CONTRACT a contract JSON file (formats
in ``docs/socialreturn.md``). ``evaluate`` prints the evaluation as JSON, its steps in the
``--language`` given (default English), and exits 0; a file with
problems gets one line per problem on stderr, naming the file, the field and the item, and exit
code 2.
"""

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from impactplein.socialreturn.valuation import (
    InvalidContract,
    InvalidScheme,
    Problem,
    Scheme,
    evaluate,
    load_contract_file,
    load_preset,
    load_scheme_file,
    preset_names,
)

EXIT_INVALID = 2
LANGUAGES = ("en", "nl")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m impactplein.socialreturn",
        description="Value a contract's social return with a valuation scheme.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser(
        "evaluate",
        help="print a contract's obligation and the value of its items as JSON",
        description="Print the obligation, every item's value with its inputs, the realised "
        "total, the remaining obligation and any surplus, as JSON.",
    )
    run.add_argument("scheme", metavar="SCHEME", help="scheme JSON file or preset slug")
    run.add_argument("contract", metavar="CONTRACT", help="contract JSON file")
    run.add_argument(
        "--language",
        choices=LANGUAGES,
        default="en",
        help="language of the steps: nl (Dutch) or en (English, the default)",
    )
    commands.add_parser("presets", help="list the shipped presets", description="List presets.")
    return parser


def _scheme(argument: str) -> Scheme:
    names = preset_names()
    if argument in names and not Path(argument).is_file():
        return load_preset(argument)
    if not Path(argument).exists() and not argument.endswith(".json"):
        message = f"is neither a file nor a preset (presets: {', '.join(names)})"
        raise InvalidScheme([Problem("", "unknown_preset", message, {"value": argument})])
    return load_scheme_file(argument)


def _complain(file: str, error: InvalidScheme | InvalidContract) -> int:
    for problem in error.problems:
        print(f"{file}: {problem.message}", file=sys.stderr)
    return EXIT_INVALID


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: the process's arguments); the exit code."""
    arguments = _parser().parse_args(argv)
    if arguments.command == "presets":
        for slug in preset_names():
            scheme = load_preset(slug)
            status = " (draft)" if scheme.status == "draft" else ""
            print(f"{slug}\t{scheme.label}\t{scheme.name}{status}")
        return 0
    try:
        scheme = _scheme(arguments.scheme)
    except InvalidScheme as error:
        return _complain(arguments.scheme, error)
    try:
        terms, items = load_contract_file(arguments.contract, scheme)
    except InvalidContract as error:
        return _complain(arguments.contract, error)
    result = evaluate(terms, items, scheme)
    json.dump(result.as_json(arguments.language), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
