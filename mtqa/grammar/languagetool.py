"""LanguageTool as the grammar backend, through language-tool-python: a server the user points mtqa at
(--languagetool-url, config languagetool-url, or MTQA_LANGUAGETOOL_URL). mtqa never downloads LanguageTool."""

from __future__ import annotations

import os

from mtqa.config import Config
from mtqa.errors import MtqaError
from mtqa.grammar.names import NameOracle
from mtqa.issues import Issue, Severity
from mtqa.limits import model_text

PREFIX = "LT:"
ENV_URL = "MTQA_LANGUAGETOOL_URL"

_CATEGORY = {
    "misspelling": "Fluency/Spelling",
    "grammar": "Fluency/Grammar",
    "typographical": "Fluency/Punctuation",
    "whitespace": "Fluency/Punctuation",
    "style": "Style/Awkward",
    "register": "Fluency/Register",
    "inconsistency": "Fluency/Inconsistency",
    "locale-violation": "Locale convention",
    "mistranslation": "Accuracy/Mistranslation",
    "omission": "Accuracy/Omission",
    "addition": "Accuracy/Addition",
    "untranslated": "Accuracy/Untranslated",
    "duplication": "Accuracy/Addition",
}


def _end_from_utf16(text: str, start: int, units: int) -> int:
    end = start
    while units > 0 and end < len(text):
        units -= 2 if ord(text[end]) > 0xFFFF else 1
        end += 1
    return end


def local_install():
    """A LanguageTool already unpacked where language-tool-python looks (LTP_PATH or its default folder), as
    (directory, version), or None. mtqa only starts an existing install; it never lets the library download one."""
    from language_tool_python.utils import get_language_tool_download_path

    folder = get_language_tool_download_path()
    if not folder.is_dir():
        return None
    for directory in sorted(folder.glob("LanguageTool-*"), reverse=True):
        version = directory.name.split("-", 1)[1]
        if (directory / "languagetool-server.jar").is_file() and version.replace(".", "").isdigit():
            return directory, version
    return None


class LanguageToolBackend:
    def __init__(self, config: Config):
        try:
            import language_tool_python
            from language_tool_python.exceptions import LanguageToolError
        except ImportError:
            raise MtqaError("the LanguageTool backend needs language-tool-python: pip install language-tool-python") from None
        url = config.languagetool_url or os.environ.get(ENV_URL)
        language = "en-GB" if config.house_style == "uk" else "en-US"
        if url:
            try:
                self.tool = language_tool_python.LanguageTool(language, remote_server=url)
            except (LanguageToolError, OSError, ValueError) as exc:
                raise MtqaError(f"LanguageTool server at {url} is not reachable or not a LanguageTool server: {exc}") from None
            self.url = url
        else:
            found = local_install()
            if found is None:
                raise MtqaError(
                    "grammar = \"languagetool\" needs a LanguageTool server: pass --languagetool-url URL, set "
                    f"languagetool-url in the config or {ENV_URL}, or unpack LanguageTool where language-tool-python "
                    "looks (LTP_PATH). mtqa never downloads LanguageTool; use --grammar harper for the embedded checker."
                )
            directory, version = found
            try:
                self.tool = language_tool_python.LanguageTool(language, language_tool_download_version=version)
            except (LanguageToolError, OSError, ValueError) as exc:
                raise MtqaError(f"the local LanguageTool in {directory} did not start: {exc}") from None
            self.url = f"local {directory}"
        self.config = config
        self.name = f"languagetool@{self.url}"

    def check(self, doc, ctx) -> list[Issue]:
        from language_tool_python.exceptions import LanguageToolError

        try:
            matches = self.tool.check(model_text(doc, self.config))  # over-long spans blanked, offsets kept
        except LanguageToolError as exc:
            raise MtqaError(f"LanguageTool server at {self.url} failed on {doc.path or 'input'}: {exc}") from None
        names = NameOracle(doc, self.config.accept)
        out = []
        for m in matches:
            start = m.offset
            end = _end_from_utf16(doc.text, start, m.error_length)
            issue_type = getattr(m, "rule_issue_type", "") or ""
            if issue_type == "misspelling" and names.is_name(start, end):
                continue
            out.append(Issue(
                rule=PREFIX + m.rule_id,
                category=_CATEGORY.get(issue_type, "Fluency/Grammar"),
                severity=Severity.MAJOR if issue_type == "grammar" else Severity.MINOR,
                start=start,
                end=end,
                text=doc.text[start:end],
                message=m.message,
                suggestions=tuple(m.replacements[:5]),
                origin="languagetool",
            ))
        return out
