"""What runners type, as data: one module per language (numbers, units, days, times of day,
fillers, activities). `bot.domain.parsing` reads a message by consulting these tables only,
so a fifth language is one more module listed in `LANGUAGES`."""

from __future__ import annotations

from collections.abc import Mapping

from bot.domain.language import de, en, es, ru
from bot.domain.language.activities import KINDS
from bot.domain.language.base import Kind, Vocabulary

__all__ = ["LANGUAGES", "Kind", "Vocabulary", "display_name", "kind_of"]

LANGUAGES: Mapping[str, Vocabulary] = {
    v.code: v for v in (en.VOCABULARY, de.VOCABULARY, es.VOCABULARY, ru.VOCABULARY)
}


def kind_of(activity: str) -> Kind | None:
    """The kind of a canonical activity, None for one the vocabulary does not know."""
    return KINDS.get(activity)


def display_name(activity: str, language: str) -> str:
    """A stored activity as the runner's language writes it: `Kettlebell` in German,
    `гиря` in Russian; an activity the vocabulary does not know, as it was stored."""
    vocabulary = LANGUAGES.get(language)
    if vocabulary is not None and activity in vocabulary.names:
        return vocabulary.names[activity]
    return activity
