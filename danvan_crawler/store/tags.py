"""Topic tags from an editable rule set (``data/tags.toml``), matched without diacritics."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from danvan_crawler.store.fold import fold


class TagRulesError(ValueError):
    """A rules file that cannot be read or has the wrong shape; one-line message."""


@dataclass(frozen=True)
class TagRules:
    """Tag name -> compiled pattern over folded text."""

    patterns: dict[str, re.Pattern[str]]
    labels: dict[str, str]

    def tags_for(self, title: str | None, text: str | None) -> list[str]:
        """Sorted tags whose phrases occur in the title or text."""
        folded = " ".join(f"{fold(title)}\n{fold(text)}".split())
        return sorted(tag for tag, pattern in self.patterns.items() if pattern.search(folded))


def load_rules(path: str | Path | None = None) -> TagRules:
    """The rule set at ``path``, else the packaged default."""
    path = path or None
    try:
        if path is None:
            raw = resources.files("danvan_crawler").joinpath("data/tags.toml").read_text("utf-8")
        else:
            raw = Path(path).read_text("utf-8")
        data = tomllib.loads(raw)
    except OSError as err:
        raise TagRulesError(f"cannot read tag rules {path}: {err.strerror or err}") from None
    except tomllib.TOMLDecodeError as err:
        raise TagRulesError(f"tag rules {path} are not valid TOML: {err}") from None
    patterns, labels = {}, {}
    for tag, rule in data.items():
        phrases = rule.get("phrases") if isinstance(rule, dict) else None
        if not phrases or not all(isinstance(p, str) for p in phrases):
            raise TagRulesError(f"tag {tag!r} in {path or 'tags.toml'} needs a list of phrases")
        folded = sorted({" ".join(fold(p).split()) for p in phrases}, key=len, reverse=True)
        patterns[tag] = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, folded)) + r")(?!\w)")
        labels[tag] = rule.get("label", tag)
    return TagRules(patterns, labels)
