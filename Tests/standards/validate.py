#!/usr/bin/env python3
"""Validate GovLedger's open-standard exports with the standards' own tooling.

    python3 Tests/standards/validate.py --ocds PACKAGE.json [--prefix ocds-govldg] --ftm ENTITIES.jsonl
    python3 Tests/standards/validate.py --self-test

OCDS: the package is validated against the OCDS 1.1 release-package schema and each release against the
release schema, with `jsonschema` (Draft 4, as the schemas declare). The package schema's reference to the
release schema is resolved to the copy in Tests/standards/ocds/ (no network). date-time and uri formats are
checked. Then what the schemas leave open: documentType and party roles must come from the codelists copied
beside them, every ocid must carry the prefix, and every organization reference must name a party.

FollowTheMoney: each line is parsed into an entity with the `followthemoney` package's model
(`model.get_proxy`). It fails on an unknown or abstract schema, an unknown or read-only (reverse) property,
a value the property's type rejects or cleans away, a missing required property (the schema's own
`required`, as FollowTheMoney applies them), a duplicate id, and an
entity reference to an id that is not in the file or whose schema is not in the property's range.

Exit status 0 when everything is valid, 1 otherwise (every problem is printed first).
"""

import argparse
import copy
import csv
import json
import pathlib
import re
import sys
from datetime import datetime
from urllib.parse import urlparse

HERE = pathlib.Path(__file__).resolve().parent
OCDS_DIR = HERE / "ocds"


class Problems:
    def __init__(self):
        self.items = []

    def add(self, where, message):
        self.items.append(f"{where}: {message}")


# --- OCDS --------------------------------------------------------------------------------------------------


def codelist(name, column="Code"):
    with open(OCDS_DIR / name, newline="", encoding="utf-8") as handle:
        return {row[column] for row in csv.DictReader(handle)}


def ocds_validators():
    from jsonschema import Draft4Validator, FormatChecker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    release_schema = json.loads((OCDS_DIR / "release-schema-1.1.json").read_text(encoding="utf-8"))
    package_schema = json.loads((OCDS_DIR / "release-package-schema-1.1.json").read_text(encoding="utf-8"))
    release_uri = package_schema["properties"]["releases"]["items"]["$ref"]
    if release_uri != release_schema["id"]:
        raise SystemExit(f"the package schema refers to {release_uri}, the local release schema is {release_schema['id']}")
    resource = Resource.from_contents(release_schema, default_specification=DRAFT4)
    # Only the local copy: any other reference is unresolvable, never fetched.
    registry = Registry().with_resource(uri=release_uri, resource=resource)

    checker = FormatChecker(formats=())

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value):
        if not isinstance(value, str):
            return True
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", value):
            raise ValueError("not an RFC 3339 date-time")
        datetime.fromisoformat(value.replace("Z", "+00:00"))
        return True

    @checker.checks("uri")
    def is_uri(value):
        return not isinstance(value, str) or bool(urlparse(value).scheme)

    package = Draft4Validator(package_schema, registry=registry, format_checker=checker)
    release = Draft4Validator(release_schema, registry=registry, format_checker=checker)
    Draft4Validator.check_schema(package_schema)
    Draft4Validator.check_schema(release_schema)
    return package, release


def walk_references(value, path, found):
    """Every organization reference: buyer, procuringEntity, tenderers[], suppliers[]."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("buyer", "procuringEntity") and isinstance(item, dict):
                found.append((f"{path}.{key}", item))
            elif key in ("tenderers", "suppliers") and isinstance(item, list):
                found.extend((f"{path}.{key}[{i}]", ref) for i, ref in enumerate(item))
            else:
                walk_references(item, f"{path}.{key}", found)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            walk_references(item, f"{path}[{i}]", found)


def walk_documents(value, path, found):
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "documents" and isinstance(item, list):
                found.extend((f"{path}.documents[{i}]", doc) for i, doc in enumerate(item))
            walk_documents(item, f"{path}.{key}", found)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            walk_documents(item, f"{path}[{i}]", found)


def validate_ocds(data, problems, prefix=None, where="ocds"):
    package_validator, release_validator = ocds_validators()
    for error in sorted(package_validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        problems.add(f"{where} package at /{'/'.join(map(str, error.absolute_path))}", error.message)
    releases = data.get("releases") if isinstance(data, dict) else None
    if not isinstance(releases, list):
        problems.add(where, "no releases array")
        return 0
    document_types = codelist("documentType.csv")
    roles = codelist("partyRole.csv")
    seen = set()
    for index, release in enumerate(releases):
        at = f"{where} releases[{index}]"
        for error in sorted(release_validator.iter_errors(release), key=lambda e: list(e.absolute_path)):
            problems.add(f"{at} at /{'/'.join(map(str, error.absolute_path))}", error.message)
        if not isinstance(release, dict):
            continue
        ocid = release.get("ocid", "")
        if prefix and not str(ocid).startswith(prefix + "-"):
            problems.add(at, f"ocid {ocid!r} does not start with the prefix {prefix}-")
        key = (ocid, release.get("id"))
        if key in seen:
            problems.add(at, f"release id {release.get('id')!r} repeated for ocid {ocid!r}")
        seen.add(key)
        parties = {party.get("id"): party for party in release.get("parties", []) if isinstance(party, dict)}
        for party in parties.values():
            for role in party.get("roles") or []:
                if role not in roles:
                    problems.add(at, f"party {party.get('id')!r}: role {role!r} is not in the partyRole codelist")
        references = []
        walk_references(release, at, references)
        for path, ref in references:
            if ref.get("id") not in parties:
                problems.add(path, f"names party {ref.get('id')!r}, which is not in parties")
        documents = []
        walk_documents(release, at, documents)
        for path, document in documents:
            kind = document.get("documentType")
            if kind is not None and kind not in document_types:
                problems.add(path, f"documentType {kind!r} is not in the documentType codelist")
    return len(releases)


# --- FollowTheMoney ----------------------------------------------------------------------------------------


def validate_ftm_lines(lines, problems, where="ftm"):
    from followthemoney import model
    from followthemoney.exc import InvalidData

    entities = []
    ids = {}
    for number, line in enumerate(lines, start=1):
        at = f"{where} line {number}"
        if not line.strip():
            problems.add(at, "empty line")
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            problems.add(at, f"not JSON ({error})")
            continue
        if not isinstance(data, dict) or set(data) != {"id", "schema", "properties"}:
            problems.add(at, "an entity is exactly {\"id\", \"schema\", \"properties\"}")
            continue
        entity_id = data["id"]
        if not isinstance(entity_id, str) or not entity_id:
            problems.add(at, "id must be a non-empty string")
            continue
        if entity_id in ids:
            problems.add(at, f"duplicate id {entity_id!r} (first on line {ids[entity_id]})")
        ids[entity_id] = number
        schema = model.get(data["schema"])
        if schema is None:
            problems.add(at, f"{entity_id}: unknown schema {data['schema']!r}")
            continue
        if schema.abstract:
            problems.add(at, f"{entity_id}: schema {schema.name} is abstract")
        properties = data["properties"]
        if not isinstance(properties, dict):
            problems.add(at, f"{entity_id}: properties must be an object")
            continue
        usable = True
        for name, values in properties.items():
            prop = schema.get(name)
            if prop is None:
                problems.add(at, f"{entity_id}: {schema.name} has no property {name!r}")
                usable = False
            elif prop.stub:
                problems.add(at, f"{entity_id}: {schema.name}.{name} is a reverse property and cannot be written")
                usable = False
            if not isinstance(values, list) or not values or not all(isinstance(v, str) and v for v in values):
                problems.add(at, f"{entity_id}: {name} must be a non-empty list of non-empty strings")
                usable = False
        if not usable:
            continue
        try:
            schema.validate(data)
        except InvalidData as error:
            problems.add(at, f"{entity_id}: {error} {getattr(error, 'errors', '')}")
            continue
        # As FollowTheMoney applies them: each schema's own required properties (not inherited ones).
        for name in sorted(set(schema.required)):
            if not properties.get(name):
                problems.add(at, f"{entity_id}: {schema.name} requires {name!r}")
        proxy = model.get_proxy(data, cleaned=False)
        for name, values in properties.items():
            kept = proxy.get(name)
            if len(kept) != len(set(values)):
                problems.add(at, f"{entity_id}: {name}: {sorted(set(values) - set(kept))} rejected when cleaned")
        entities.append((at, proxy))
    for at, proxy in entities:
        for prop, value in proxy.itervalues():
            if prop.type.name != "entity":
                continue
            if value not in ids:
                problems.add(at, f"{proxy.id}: {prop.name} names {value!r}, which is not in the file")
                continue
            target = next(p for _, p in entities if p.id == value) if value in ids else None
            if target is not None and prop.range is not None and not target.schema.is_a(prop.range):
                problems.add(at, f"{proxy.id}: {prop.name} names a {target.schema.name}, not a {prop.range.name}")
    return len(entities)


# --- Self-test ---------------------------------------------------------------------------------------------


def self_test():
    """The validator accepts the standard's own worked example and rejects what it must."""
    failures = []
    example = json.loads((OCDS_DIR / "worked_example1_award.json").read_text(encoding="utf-8"))
    problems = Problems()
    validate_ocds(example, problems, where="worked example")
    if problems.items:
        failures.append("the OCDS worked example was rejected: " + "; ".join(problems.items[:3]))
    for label, mutate in [
        ("a release without an ocid", lambda p: p["releases"][0].pop("ocid")),
        ("a release date that is a bare date", lambda p: p["releases"][0].__setitem__("date", "2019-12-27")),
        ("a closed-codelist value", lambda p: p["releases"][0].__setitem__("initiationType", "pitch")),
        ("a package without a publisher name", lambda p: p["publisher"].pop("name")),
        ("an amount given as a string", lambda p: p["releases"][0]["awards"][0]["value"].__setitem__("amount", "1")),
    ]:
        broken = copy.deepcopy(example)
        mutate(broken)
        problems = Problems()
        validate_ocds(broken, problems, where=label)
        if not problems.items:
            failures.append(f"OCDS: {label} was accepted")
    good = [
        {"id": "v", "schema": "Company", "properties": {"name": ["Salesforce"], "alias": ["Salesforce, Inc."]}},
        {"id": "a", "schema": "PublicBody", "properties": {"name": ["ICE"]}},
        {"id": "c", "schema": "Contract", "properties": {"title": ["Award"], "authority": ["a"]}},
        {"id": "w", "schema": "ContractAward", "properties": {"supplier": ["v"], "contract": ["c"], "amount": ["12.50"]}},
    ]
    problems = Problems()
    validate_ftm_lines([json.dumps(e) for e in good], problems, where="good entities")
    if problems.items:
        failures.append("FtM: valid entities were rejected: " + "; ".join(problems.items[:3]))
    for label, entity in [
        ("an unknown schema", {"id": "x", "schema": "Pitch", "properties": {"name": ["x"]}}),
        ("an unknown property", {"id": "x", "schema": "Company", "properties": {"name": ["x"], "uei": ["ABC"]}}),
        ("a reverse property", {"id": "x", "schema": "Company", "properties": {"name": ["x"], "awards": ["w"]}}),
        ("a missing required property", {"id": "x", "schema": "Contract", "properties": {"name": ["x"]}}),
        ("an invalid date", {"id": "x", "schema": "Event", "properties": {"name": ["x"], "date": ["August 26"]}}),
        ("a dangling reference", {"id": "x", "schema": "Event", "properties": {"name": ["x"], "involved": ["nobody"]}}),
    ]:
        problems = Problems()
        validate_ftm_lines([json.dumps(e) for e in good] + [json.dumps(entity)], problems, where=label)
        if not problems.items:
            failures.append(f"FtM: {label} was accepted")
    for failure in failures:
        print("self-test FAILED: " + failure, file=sys.stderr)
    if not failures:
        print("self-test: the validator accepts the worked example and rejects 11 broken inputs")
    return not failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ocds", help="an OCDS release package (JSON)")
    parser.add_argument("--prefix", help="the ocid prefix every ocid must carry")
    parser.add_argument("--ftm", help="FollowTheMoney entities, one JSON object a line")
    parser.add_argument("--self-test", action="store_true", help="check the validator itself")
    args = parser.parse_args()
    if not (args.ocds or args.ftm or args.self_test):
        parser.error("nothing to validate: give --ocds, --ftm or --self-test")
    ok = True
    if args.self_test:
        ok = self_test() and ok
    problems = Problems()
    if args.ocds:
        with open(args.ocds, encoding="utf-8") as handle:
            count = validate_ocds(json.load(handle), problems, prefix=args.prefix, where=args.ocds)
        if not problems.items:
            print(f"{args.ocds}: valid OCDS 1.1 release package, {count} releases")
    if args.ftm:
        before = len(problems.items)
        with open(args.ftm, encoding="utf-8") as handle:
            count = validate_ftm_lines(handle.read().splitlines(), problems, where=args.ftm)
        if len(problems.items) == before:
            print(f"{args.ftm}: {count} valid FollowTheMoney entities")
    for problem in problems.items:
        print("INVALID " + problem, file=sys.stderr)
    ok = ok and not problems.items
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
