"""The wheel's build hook: compiles each app's translation catalogues (locale/*/LC_MESSAGES/*.po) into the .mo files
Django reads, so a site that installs the wheel speaks Welsh and French. The checkout compiles its own with
`make install`; the .mo files are never committed."""

import shutil
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCataloguesHook(BuildHookInterface):
    def initialize(self, version, build_data):
        # An editable install reads the source tree, where `make install` compiles the catalogues.
        if version == "editable":
            return
        root = Path(self.root)
        self.compiled = Path(tempfile.mkdtemp(prefix="campaign-cms-mo-"))
        for po_path in sorted(root.glob("*/locale/*/LC_MESSAGES/*.po")):
            relative = po_path.relative_to(root).with_suffix(".mo")
            mo_path = self.compiled / relative
            mo_path.parent.mkdir(parents=True, exist_ok=True)
            with po_path.open("rb") as po_file:
                catalogue = read_po(po_file)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalogue)
            build_data["force_include"][str(mo_path)] = relative.as_posix()

    def finalize(self, version, build_data, artifact_path):
        if version != "editable":
            shutil.rmtree(self.compiled, ignore_errors=True)
