"""Checks of the addons that need no Odoo: manifests, data files, XML, access rights and
translations."""
import ast
import csv
import pathlib
import re
import xml.etree.ElementTree as ElementTree

import polib
import pytest

ADDONS = pathlib.Path(__file__).resolve().parent.parent / "addons"
ADDON_DIRS = sorted(path.parent for path in ADDONS.glob("*/__manifest__.py"))
MANIFEST_KEYS = {"name", "version", "license", "depends", "data", "installable"}


def manifest(addon):
    return ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))


def addon_ids(addons):
    return [addon.name for addon in addons]


def test_the_addons_of_the_design_are_there():
    assert {"zugong_info", "zugong_training"} <= {addon.name for addon in ADDON_DIRS}


@pytest.mark.parametrize("addon", ADDON_DIRS, ids=addon_ids(ADDON_DIRS))
def test_manifest_evaluates(addon):
    values = manifest(addon)
    assert MANIFEST_KEYS <= set(values), MANIFEST_KEYS - set(values)
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", values["version"]), values["version"]
    assert (addon / "__init__.py").is_file()
    assert (addon / "static" / "description" / "icon.png").is_file()


@pytest.mark.parametrize("addon", ADDON_DIRS, ids=addon_ids(ADDON_DIRS))
def test_listed_files_exist_and_parse(addon):
    values = manifest(addon)
    for key in ("data", "demo"):
        for relative in values.get(key, []):
            path = addon / relative
            assert path.is_file(), f"{addon.name}: {key} file {relative} is missing"
            if path.suffix == ".xml":
                ElementTree.parse(path)
            elif path.suffix == ".csv":
                with path.open(encoding="utf-8", newline="") as handle:
                    rows = list(csv.reader(handle))
                assert rows and all(len(row) == len(rows[0]) for row in rows), relative


@pytest.mark.parametrize("addon", ADDON_DIRS, ids=addon_ids(ADDON_DIRS))
def test_every_data_file_is_listed(addon):
    values = manifest(addon)
    listed = {addon / relative for key in ("data", "demo") for relative in values.get(key, [])}
    for folder in ("data", "views", "security", "wizard", "report"):
        for path in (addon / folder).glob("*"):
            if path.suffix in (".xml", ".csv"):
                assert path in listed, f"{path.relative_to(ADDONS)} is not in the manifest"


def test_every_xml_file_parses():
    for path in ADDONS.rglob("*.xml"):
        ElementTree.parse(path)


def _model_names(addon):
    """Models with a table the addon defines (``_name`` in a class body); abstract ones
    have no records to protect."""
    models, transient = set(), set()
    for path in addon.rglob("*.py"):
        if "tests" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = {ast.unparse(base) for base in node.bases}
            if "models.AbstractModel" in bases:
                continue
            for statement in node.body:
                if (isinstance(statement, ast.Assign)
                        and any(getattr(t, "id", None) == "_name" for t in statement.targets)
                        and isinstance(statement.value, ast.Constant)):
                    target = transient if "models.TransientModel" in bases else models
                    target.add(statement.value.value)
    return models | transient


@pytest.mark.parametrize("addon", ADDON_DIRS, ids=addon_ids(ADDON_DIRS))
def test_every_model_has_access_rights(addon):
    access_file = addon / "security" / "ir.model.access.csv"
    names = _model_names(addon)
    if not names:
        return
    with access_file.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    covered = {row["model_id:id"].split(".")[-1] for row in rows}
    for name in names:
        assert "model_" + name.replace(".", "_") in covered, f"{name} has no access rights"


@pytest.mark.parametrize("addon", ADDON_DIRS, ids=addon_ids(ADDON_DIRS))
def test_chinese_translation_parses(addon):
    po_path = addon / "i18n" / "zh_CN.po"
    if not _model_names(addon) and not po_path.exists():
        return
    po = polib.pofile(str(po_path))
    assert len(po) > 0
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    assert not untranslated, untranslated
    for entry in po.translated_entries():
        placeholders = sorted(re.findall(r"%\(\w+\)s|%s|%d", entry.msgid))
        assert placeholders == sorted(re.findall(r"%\(\w+\)s|%s|%d", entry.msgstr)), entry.msgid
